"""The meeting workspace: pages and shortcuts, close and reopen, undo and redo, save state."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from civodesk.db.errors import StorageFullError
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.store import events_table
from civodesk.meetings.meeting import MeetingStatus
from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.ideas.ideas_page import IdeasPage
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.reopen_dialog import ReopenDialog
from ui.shell.main_window import MainWindow
from ui.shell.meeting_workspace import STAGES, MeetingWorkspace


def open_workspace(qtbot: QtBot, window: MainWindow, meeting_id: str) -> MeetingWorkspace:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)
    assert window.workspace is not None
    return window.workspace


def edit_title(qtbot: QtBot, window: MainWindow, title: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    dialog.title_edit.setText(title)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_ctrl_digits_switch_pages_and_pages_say_what_they_will_hold(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    workspace = open_workspace(qtbot, window, meeting_id)
    assert [page.objectName() for page in workspace.pages] == [
        f"{stage.key}Page" for stage in STAGES
    ]
    for index in range(len(STAGES)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert workspace.stack.currentIndex() == index
    assert window.menu_actions.page_actions[3].shortcut().toString() == "Ctrl+4"
    assert "Ctrl+4" in window.menu_actions.page_actions[3].toolTip()
    votes_texts = [
        label.text()
        for label in workspace.pages[3].findChildren(type(window.meeting_list.count_label))
    ]
    assert "Votes" in votes_texts
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is not window.workspace_holder


def test_the_ideas_page_lists_the_meeting_ideas(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    workspace = open_workspace(qtbot, window, meeting_id)
    ideas_page = workspace.pages[2]
    assert isinstance(ideas_page, IdeasPage)
    assert ideas_page._stack.currentWidget() is ideas_page.empty_state
    window.tasks.writer.call(
        services.ideas.capture_many,
        meeting_id,
        [IdeaFields("Des bancs à l'ombre"), IdeaFields("Un marché le samedi")],
    )
    assert ideas_page.count_label.text() == "2 idées"
    assert ideas_page.model.index(1, 0).data() == "Un marché le samedi"
    assert ideas_page._stack.currentWidget() is ideas_page.splitter


def test_closing_makes_the_meeting_read_only_and_reopening_records_the_reason(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    workspace = open_workspace(qtbot, window, meeting_id)
    assert window.menu_actions.edit_meeting_action.isEnabled()
    window.menu_actions.close_meeting_action.trigger()
    confirm(qtbot, window)
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.CLOSED
    assert workspace.status_badge.text() == "Close"
    assert workspace.closed_banner.isVisible()
    assert not window.menu_actions.edit_meeting_action.isEnabled()
    assert not window.menu_actions.close_meeting_action.isEnabled()
    assert not workspace.overview_page.edit_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(MeetingDialog) is None

    qtbot.mouseClick(workspace.reopen_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ReopenDialog)
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.reason_edit.setPlainText("Corriger l'heure de fin")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.OPEN
    assert not workspace.closed_banner.isVisible()
    assert window.menu_actions.edit_meeting_action.isEnabled()
    with services.database.read() as conn:
        payloads = conn.execute(
            select(events_table.c.payload).where(
                events_table.c.meeting_id == meeting_id, events_table.c.type == "meeting.reopened"
            )
        ).scalars()
        assert [json.loads(payload)["reason"] for payload in payloads] == [
            "Corriger l'heure de fin"
        ]


def test_undo_and_redo_by_keyboard_restore_the_title_shown(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    workspace = open_workspace(qtbot, window, meeting_id)
    original = meeting_fields().title
    assert not window.menu_actions.undo_action.isEnabled()
    edit_title(qtbot, window, "Réunion publique : la place du Marché en 2030")
    assert workspace.title_label.text() == "Réunion publique : la place du Marché en 2030"
    assert window.menu_actions.undo_action.text() == "Annuler « Modifier la réunion »"
    assert window.menu_actions.undo_action.shortcut().toString() == "Ctrl+Z"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workspace.title_label.text() == original
    assert window.menu_actions.redo_action.text() == "Rétablir « Modifier la réunion »"
    assert not window.menu_actions.undo_action.isEnabled()

    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert workspace.title_label.text() == "Réunion publique : la place du Marché en 2030"
    assert window.windowTitle() == "Réunion publique : la place du Marché en 2030 — CivoDesk"


def test_the_status_bar_says_when_work_is_saved_and_when_it_is_not(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    assert window.save_state.text_label.text() == "Tout est enregistré"
    open_workspace(qtbot, window, meeting_id)
    edit_title(qtbot, window, "Atelier du mardi")
    assert window.save_state.state == "saved"
    assert window.save_state.text_label.text().startswith("Enregistré à ")

    def disk_full() -> None:
        raise StorageFullError()

    window.changes.run_change(disk_full)
    assert window.save_state.state == "error"
    assert "Le disque est plein" in window.save_state.text_label.text()
    assert "Le disque est plein" in window.message_label.text()


def test_saving_shows_while_a_change_is_in_flight(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    seen: list[str] = []

    def slow_change() -> object:
        seen.append(window.save_state.text_label.text())
        return window.services.meetings.close_meeting(meeting_id)

    window.changes.run_change(slow_change)
    assert seen == ["Enregistrement…"]
    assert window.save_state.state == "saved"


def test_opening_the_session_moves_a_draft_meeting_to_open(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    workspace = open_workspace(qtbot, window, meeting_id)
    assert workspace.status_badge.text() == "En préparation"
    assert window.menu_actions.start_meeting_action.isEnabled()
    window.menu_actions.start_meeting_action.trigger()
    assert services.meetings.get_meeting(meeting_id).status is MeetingStatus.OPEN
    assert workspace.status_badge.text() == "Ouverte"
    assert not window.menu_actions.start_meeting_action.isEnabled()
    assert window.menu_actions.undo_action.text() == "Annuler « Ouvrir la réunion »"


def test_status_widgets_added_by_a_page_leave_with_the_workspace(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    open_workspace(qtbot, window, meeting_id)
    label = type(window.meeting_list.count_label)("3 événements à envoyer")
    window.context.add_status_widget(label)
    assert label.parent() is not None
    assert label.isVisible()
    window.show_meeting_list()
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)  # a new workspace: the old page's widget is gone
    qtbot.waitUntil(lambda: not label.isVisible())
