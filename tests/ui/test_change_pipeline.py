"""One change pipeline: whatever commits through the writer reaches the views, row by row.

A change made by another part of the desk (here: straight through the window's writer, as the
command line or a later phone page would) is shown without the page reloading its list, and a
scan, like any local change, schedules the short-delay sync.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from civodesk.ideas.idea import IdeaFields
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from ui.checkin.checkin_page import CheckinPage
from ui.checkin.participant_table_model import ParticipantIdRole, PresentRole
from ui.ideas.ideas_page import IdeasPage
from ui.shell.main_window import MainWindow

PEOPLE = [
    ParticipantFields("Hélène", "Dupré", commune="Mana"),
    ParticipantFields("Jean", "Martin", commune="Apatou"),
    ParticipantFields("Zoé", "Œuvray", commune="Mana"),
]


@pytest.fixture
def checkin_meeting(services: Services) -> str:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(meeting, PEOPLE, "Émargement")
    services.checkin.issue_badges(meeting)
    return meeting


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, checkin_meeting: str) -> CheckinPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=1)
    assert window.workspace is not None
    checkin = window.workspace.page(1)
    assert isinstance(checkin, CheckinPage)
    return checkin


class ResetCounter:
    def __init__(self, page: CheckinPage) -> None:
        self.resets = 0
        page.model.modelReset.connect(self._on_reset)

    def _on_reset(self) -> None:
        self.resets += 1


def row_named(page: CheckinPage, last_name: str) -> int:
    return next(
        r for r in range(page.model.rowCount()) if page.model.row_at(r).last_name == last_name
    )


def test_a_check_in_made_elsewhere_updates_its_row_without_reloading_the_list(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    counter = ResetCounter(page)
    row = row_named(page, "Martin")
    martin = page.model.row_at(row).participant_id
    assert not page.model.index(row, 0).data(PresentRole)
    with qtbot.waitSignal(page.model.dataChanged) as changed:
        window.tasks.writer.call(services.checkin.check_in, checkin_meeting, martin, "search")
    assert changed.args[0].row() == row == changed.args[1].row()  # that row, no other
    assert page.model.index(row, 4).data() == "Présent ✓"
    assert page.model.index(row, 0).data(ParticipantIdRole) == martin
    assert counter.resets == 0


def test_a_walk_in_registered_elsewhere_is_inserted_at_its_place(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    counter = ResetCounter(page)
    with qtbot.waitSignal(page.model.rowsInserted) as inserted:
        window.tasks.writer.call(
            services.checkin.register_walk_in,
            checkin_meeting,
            ParticipantFields("Awa", "Diallo"),
            "",
        )
    assert inserted.args[1] == 0  # "Diallo" goes before "Dupré", at the top
    names = [page.model.row_at(r).last_name for r in range(page.model.rowCount())]
    assert names == ["Diallo", "Dupré", "Martin", "Œuvray"]
    assert page.model.index(0, 4).data() == "Présent ✓"
    assert counter.resets == 0


def test_a_removed_participant_leaves_the_list_without_a_reload(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    counter = ResetCounter(page)
    martin = page.model.row_at(row_named(page, "Martin")).participant_id
    with qtbot.waitSignal(page.model.rowsRemoved):
        window.tasks.writer.call(services.participants.remove_participant, checkin_meeting, martin)
    names = [page.model.row_at(r).last_name for r in range(page.model.rowCount())]
    assert names == ["Dupré", "Œuvray"]
    assert counter.resets == 0


def test_a_scan_schedules_the_short_delay_sync_like_any_local_change(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    token = next(b.token for b in services.checkin.list_badges(checkin_meeting))
    assert not window.sync_scheduler.local_sync_pending
    with qtbot.waitSignal(page.result_shown):
        page.handle_scan(token, "qr")
    assert window.sync_scheduler.local_sync_pending
    assert window.save_state.isVisible()


def test_new_ideas_are_added_to_the_ideas_list_without_a_reload(
    qtbot: QtBot, window: MainWindow, services: Services, checkin_meeting: str
) -> None:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=2)
    assert window.workspace is not None
    ideas_page = window.workspace.pages[2]
    assert isinstance(ideas_page, IdeasPage)
    window.tasks.writer.call(
        services.ideas.capture_many, checkin_meeting, [IdeaFields("Des bancs")]
    )
    resets: list[int] = []
    ideas_page.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(ideas_page.model.rowsInserted):
        window.tasks.writer.call(
            services.ideas.capture_many, checkin_meeting, [IdeaFields("Un marché le samedi")]
        )
    assert [ideas_page.model.index(r).data() for r in range(ideas_page.model.rowCount())] == [
        "Des bancs",
        "Un marché le samedi",
    ]
    assert ideas_page.count_label.text() == "2 idées"
    assert resets == []
