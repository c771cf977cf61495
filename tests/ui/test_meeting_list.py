"""The meetings list: what is shown, search, opening, deleting with confirmation and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from civodesk.demo import create_demo_meeting
from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.meetings.meeting_list_model import MEETING_ID_ROLE, TITLE_COLUMN
from ui.shell.main_window import LIST_PAGE, WORKSPACE_PAGE, MainWindow


def titles(window: MainWindow) -> list[str]:
    model = window.proxy_model
    return [model.index(row, TITLE_COLUMN).data() for row in range(model.rowCount())]


def test_an_empty_database_says_how_to_start(window: MainWindow) -> None:
    assert window.meeting_list.list_stack.currentWidget() is window.meeting_list.list_empty_state
    assert (
        window.meeting_list.list_empty_state.title_label.text() == "Aucune réunion pour l'instant"
    )
    assert "Ctrl+N" in window.meeting_list.list_empty_state.text_label.text()
    assert window.meeting_list.count_label.text() == "0 réunion"  # French: zero is singular
    assert not window.meeting_list.open_button.isEnabled()


def test_the_list_shows_demo_meetings_and_filters_on_search(
    qtbot: QtBot, services: Services, window: MainWindow
) -> None:
    demo_id = create_demo_meeting(services, participants=25, ideas=5, seed=3)
    services.meetings.create_meeting(meeting_fields(title="Conseil de quartier des Écoles"))
    window.reload_meetings()
    demo_title = services.meetings.get_meeting(demo_id).fields.title
    assert sorted(titles(window)) == sorted([demo_title, "Conseil de quartier des Écoles"])
    assert window.meeting_list.count_label.text() == "2 réunions"
    demo_row = window.list_model.row_of(demo_id)
    assert demo_row is not None
    assert window.list_model.index(demo_row, 5).data() == "25"

    window.meeting_list.search_edit.setFocus()
    qtbot.keyClicks(window.meeting_list.search_edit, "ecoles")  # no accent, lower case: still found
    qtbot.waitUntil(lambda: titles(window) == ["Conseil de quartier des Écoles"])
    assert window.meeting_list.count_label.text() == "1 réunion sur 2"

    window.meeting_list.search_edit.clear()
    qtbot.keyClicks(window.meeting_list.search_edit, "zzz introuvable")
    qtbot.waitUntil(
        lambda: (
            window.meeting_list.list_stack.currentWidget() is window.meeting_list.list_empty_state
        )
    )
    assert "zzz introuvable" in window.meeting_list.list_empty_state.title_label.text()

    qtbot.keyClick(window.meeting_list.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(titles(window)) == 2)


def test_ctrl_f_focuses_the_search_field(qtbot: QtBot, meeting_id: str, window: MainWindow) -> None:
    window.open_meeting(meeting_id)
    assert window.stack.currentIndex() == WORKSPACE_PAGE
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == LIST_PAGE
    assert window.meeting_list.search_edit.hasFocus()


def test_enter_on_a_row_opens_the_meeting(
    qtbot: QtBot, meeting_id: str, window: MainWindow
) -> None:
    window.meeting_list.table.setFocus()
    window.meeting_list.table.selectRow(0)
    with qtbot.waitSignal(window.meeting_opened) as opened:
        qtbot.keyClick(window.meeting_list.table, Qt.Key.Key_Return)
    assert opened.args == [meeting_id]
    assert window.workspace is not None
    assert window.workspace.title_label.text() == meeting_fields().title


def test_delete_asks_first_and_can_be_undone(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    window.meeting_list.table.setFocus()
    window.meeting_list.table.selectRow(0)
    assert window.meeting_list.table.currentIndex().data(MEETING_ID_ROLE) == meeting_id
    qtbot.mouseClick(window.meeting_list.delete_button, Qt.MouseButton.LeftButton)
    assert services.meetings.list_meetings() != []  # nothing happens before confirmation
    confirm(qtbot, window)
    assert services.meetings.list_meetings() == []
    assert window.meeting_list.list_stack.currentWidget() is window.meeting_list.list_empty_state
    assert window.menu_actions.undo_action.text() == "Annuler « Supprimer la réunion »"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert titles(window) == [meeting_fields().title]


def test_the_delete_key_in_the_list_asks_before_deleting(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    window.activateWindow()
    window.meeting_list.table.setFocus()
    window.meeting_list.table.selectRow(0)
    qtbot.keyClick(window.meeting_list.table, Qt.Key.Key_Delete)
    box = window.findChild(QMessageBox, "confirmationBox")
    assert box is not None
    assert meeting_fields().title in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape (and Enter) cancel: nothing is deleted
    assert [m.id for m in services.meetings.list_meetings()] == [meeting_id]
