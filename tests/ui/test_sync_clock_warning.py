"""A desk whose clock is off from the server's by more than 2 minutes warns the facilitator, in
the status bar and on the Synchronisation page (issue 8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from civodesk.clock import ManualClock
from civodesk.services import Services
from tests.sync.sync_harness import LiveServer, loose_settings
from tests.ui.test_sync_page import ORG, enroll_through_the_form, open_sync_page
from ui.shell.main_window import MainWindow

DAY = 86_400_000


@pytest.fixture
def server_clock(services: Services) -> ManualClock:
    return ManualClock(services.journal.clock.now_ms())


@pytest.fixture
def server(tmp_path: Path, server_clock: ManualClock) -> Iterator[LiveServer]:
    settings = loose_settings(f"sqlite:///{tmp_path / 'server.db'}")
    live = LiveServer(settings, clock=server_clock).start()
    live.new_organization(ORG)
    yield live
    live.close()


def test_a_desk_a_day_fast_is_told_so_with_what_to_do(
    qtbot: QtBot,
    window: MainWindow,
    meeting_id: str,
    server: LiveServer,
    server_clock: ManualClock,
) -> None:
    server_clock.advance(-DAY)  # the server says it is a day earlier than this desk thinks
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    qtbot.waitUntil(lambda: page.clock_banner.isVisible())

    text = page.clock_label.text()
    assert text.startswith("L'horloge de ce poste a 1 j d'avance sur le serveur.")
    assert "réglez la date et l'heure de l'ordinateur" in text
    indicator = window.sync_indicator
    assert indicator.text_label.text().endswith(" · horloge décalée")
    assert indicator.state == "warning"
    assert text in indicator.toolTip()
    window.resize(1366, 768)
    window.grab().save(str(Path("/tmp") / "sync_clock_warning_1366.png"))
    window.resize(1920, 1080)
    window.grab().save(str(Path("/tmp") / "sync_clock_warning_1920.png"))

    # Once the clock agrees again (set right), the next sync clears the warning.
    server_clock.advance(DAY)
    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        page.sync_button.click()
    qtbot.waitUntil(lambda: not page.clock_banner.isVisible())
    assert "L'horloge de ce poste est à l'heure du serveur." in page.status_label.text()
    assert indicator.state == "ok"


def test_a_desk_on_time_shows_no_clock_warning(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    qtbot.waitUntil(lambda: "à l'heure du serveur" in page.status_label.text())
    assert not page.clock_banner.isVisible()
    assert window.sync_indicator.state == "ok"
