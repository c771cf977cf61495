"""Undo acts only inside the open meeting (or on the list), and asks before it destroys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.meetings.meeting_dialog import MeetingDialog
from ui.shell.main_window import MainWindow


def listed_titles(services: Services) -> list[str]:
    return sorted(meeting.title for meeting in services.meetings.list_meetings())


def test_undo_inside_a_meeting_never_touches_another_one(
    qtbot: QtBot, window: MainWindow, services: Services, meeting_id: str
) -> None:
    window.show_meeting_list()
    with qtbot.waitSignal(window.meeting_opened):
        window.changes.run_change(
            services.meetings.create_meeting,
            meeting_fields(title="Atelier vélo"),
            on_done=lambda _change: window.open_meeting(meeting_id),
        )
    assert "Atelier vélo" in listed_titles(services)
    assert not window.menu_actions.undo_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Atelier vélo" in listed_titles(services)

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    dialog.title_edit.setText("Conseil de quartier")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.meetings.get_meeting(meeting_id).fields.title == meeting_fields().title
    assert "Atelier vélo" in listed_titles(services)


def test_an_undo_that_deletes_a_meeting_asks_first(
    qtbot: QtBot, window: MainWindow, services: Services, meeting_id: str
) -> None:
    window.show_meeting_list()
    window.changes.run_change(
        services.meetings.create_meeting, meeting_fields(title="Atelier vélo")
    )
    window.show_meeting_list()
    assert window.menu_actions.undo_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(QMessageBox, "confirmationBox")
    assert box is not None
    assert "Atelier vélo" in box.text() or "Créer la réunion" in box.text()
    assert "Atelier vélo" in listed_titles(services)
    confirm(qtbot, window)
    assert "Atelier vélo" not in listed_titles(services)
    assert "Annulé" in window.message_label.text()
