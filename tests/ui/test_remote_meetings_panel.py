"""The Sync page's "Réunions du territoire" tab: the list, "Rejoindre", the empty and error states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from civodesk.services import Services
from sync.client.engine import enroll
from tests.factories import AGENDA, meeting_fields
from tests.sync.sync_harness import FAST_RETRIES, LiveServer, loose_settings, make_desk
from tests.ui.test_sync_page import enroll_through_the_form, open_sync_page
from ui.shell.main_window import MainWindow
from ui.sync.remote_meetings_panel import RemoteMeetingsPanel

ORG = "Commune de Régina"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    live.new_organization(ORG)
    yield live
    live.close()


def texts(panel: RemoteMeetingsPanel, column: int) -> list[str]:
    return [panel.model.index(row, column).data() for row in range(panel.model.rowCount())]


def test_rejoindre_brings_another_desks_meeting_onto_this_desk(
    qtbot: QtBot,
    window: MainWindow,
    meeting_id: str,
    server: LiveServer,
    services: Services,
    tmp_path: Path,
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    other = make_desk(tmp_path, "bourg")
    other.enroll(server.url, server.enroll_code(ORG))
    remote = other.services.meetings.create_meeting(
        meeting_fields(title="Atelier du bourg", place="École du bourg"), AGENDA
    ).meeting_id
    assert other.sync().ok
    assert remote not in {m.id for m in services.meetings.list_meetings()}

    assert page.tabs.tabText(page.tabs.indexOf(page.remote_meetings)) == "Réunions du territoire"
    page.tabs.setCurrentWidget(page.remote_meetings)
    panel = page.remote_meetings
    assert panel.stack.currentIndex() == 1
    assert "Atelier du bourg" in texts(panel, 0)
    row = texts(panel, 0).index("Atelier du bourg")
    assert panel.model.index(row, 2).data() == "École du bourg"
    assert panel.model.index(row, 3).data() == ""
    own = 1 - row
    assert panel.model.index(own, 3).data() == "rejointe"
    panel.view.selectRow(own)
    assert not panel.join_button.isEnabled()  # this desk already takes part
    panel.view.selectRow(row)
    assert panel.join_button.isEnabled()
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        window.grab().save(str(Path("/tmp") / f"remote_meetings_{size[0]}.png"))

    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        qtbot.mouseClick(panel.join_button, Qt.MouseButton.LeftButton)

    assert panel.model.index(row, 3).data() == "rejointe"
    assert not panel.join_button.isEnabled()
    assert remote in {m.id for m in services.meetings.list_meetings()}
    assert services.meetings.get_meeting(remote).fields.title == "Atelier du bourg"


def test_an_empty_territory_says_so(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer, services: Services
) -> None:
    enroll(services, server.url, server.enroll_code(ORG), policy=FAST_RETRIES)  # nothing pushed
    page = open_sync_page(qtbot, window, meeting_id)
    page.tabs.setCurrentWidget(page.remote_meetings)
    panel = page.remote_meetings
    assert panel.stack.currentIndex() == 0
    assert "aucune réunion" in panel.empty_label.text()
    assert not panel.error_label.isVisible()
    assert not panel.join_button.isEnabled()


def test_a_desk_not_enrolled_is_told_what_to_do(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    page.tabs.setCurrentWidget(page.remote_meetings)
    panel = page.remote_meetings
    assert panel.error_label.isVisible()
    assert panel.error_label.text().startswith("Impossible d'obtenir la liste des réunions")
    assert "inscrit" in panel.error_label.text()
    assert panel.refresh_button.isEnabled()
