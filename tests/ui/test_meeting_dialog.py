"""The meeting dialog: inline validation, creation, and editing the agenda."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot

from civodesk.services import Services
from ui.meetings.agenda_model import DURATION_COLUMN, TITLE_COLUMN
from ui.meetings.meeting_dialog import MeetingDialog
from ui.shell.main_window import WORKSPACE_PAGE, MainWindow


def open_new_meeting_dialog(qtbot: QtBot, window: MainWindow) -> MeetingDialog:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_inline_validation_shows_each_error_and_blocks_ok(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_new_meeting_dialog(qtbot, window)
    assert dialog.title_error.isVisible()
    assert dialog.title_error.text() == "Le titre est obligatoire."
    assert not dialog.ok_button.isEnabled()

    qtbot.keyClicks(dialog.title_edit, "Atelier participatif")  # keyClicks: ASCII only
    assert not dialog.title_error.isVisible()
    dialog.organization_edit.setText("Commune de Mana")
    assert dialog.ok_button.isEnabled()

    start = dialog.starts_edit.dateTime()
    dialog.ends_edit.setDateTime(start.addSecs(-3600))
    assert dialog.dates_error.isVisible()
    assert dialog.dates_error.text() == "La fin doit être après le début."
    assert not dialog.ok_button.isEnabled()
    dialog.ends_edit.setDateTime(start.addSecs(3600))
    assert not dialog.dates_error.isVisible()

    qtbot.keyClicks(dialog.quorum_edit, "150")
    assert dialog.quorum_error.isVisible()
    assert "supérieur à 0 et au plus égal à 100" in dialog.quorum_error.text()
    assert not dialog.ok_button.isEnabled()
    dialog.quorum_edit.setText("douze")
    assert "Saisissez un nombre" in dialog.quorum_error.text()
    dialog.quorum_edit.setText("25")
    assert not dialog.quorum_error.isVisible()
    assert dialog.ok_button.isEnabled()

    qtbot.mouseClick(dialog.add_item_button, Qt.MouseButton.LeftButton)
    assert dialog.agenda_error.isVisible()  # a new item needs its title
    assert not dialog.ok_button.isEnabled()


def test_a_new_meeting_is_created_listed_and_opened(
    qtbot: QtBot, services: Services, window: MainWindow
) -> None:
    dialog = open_new_meeting_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title_edit, "Conseil citoyen de Kourou")
    dialog.organization_edit.setText("Commune de Kourou")
    dialog.place_edit.setText("Médiathèque")
    dialog.starts_edit.setDateTime(QDateTime.fromString("2027-02-04 18:00", "yyyy-MM-dd HH:mm"))
    dialog.ends_edit.setDateTime(QDateTime.fromString("2027-02-04 20:30", "yyyy-MM-dd HH:mm"))
    dialog.quorum_edit.setText("20")
    qtbot.mouseClick(dialog.add_facilitator_button, Qt.MouseButton.LeftButton)
    dialog.facilitators_model.setData(dialog.facilitators_model.index(0), "Inès Joseph")
    qtbot.mouseClick(dialog.add_item_button, Qt.MouseButton.LeftButton)
    model = dialog.agenda_model
    model.setData(model.index(0, TITLE_COLUMN), "Tour de table")
    model.setData(model.index(0, DURATION_COLUMN), 20)
    assert dialog.ok_button.isEnabled()

    with qtbot.waitSignal(window.meeting_opened):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    summary = services.meetings.list_meetings()[0]
    details = services.meetings.get_meeting(summary.id)
    assert details.fields.title == "Conseil citoyen de Kourou"
    assert details.fields.facilitators == ("Inès Joseph",)
    assert details.fields.quorum_percent == 20
    assert details.fields.starts_at.hour == 18
    assert [(i.title, i.duration_minutes) for i in details.agenda] == [("Tour de table", 20)]
    assert window.stack.currentIndex() == WORKSPACE_PAGE
    assert window.workspace is not None
    assert window.workspace.title_label.text() == "Conseil citoyen de Kourou"
    window.show_meeting_list()
    assert window.proxy_model.index(0, 0).data() == "Conseil citoyen de Kourou"


def test_editing_the_agenda_adds_renames_reorders_and_removes_items(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    window.open_meeting(meeting_id)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    dialog.activateWindow()  # the offscreen platform does not activate window-modal dialogs
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    model, view = dialog.agenda_model, dialog.agenda_view
    # Agenda: Accueil et présentation, Diagnostic partagé, Ateliers en petits groupes.
    model.setData(model.index(1, TITLE_COLUMN), "Diagnostic partagé avec les habitants")
    model.setData(model.index(1, DURATION_COLUMN), 40)
    view.setCurrentIndex(model.index(2, TITLE_COLUMN))
    qtbot.mouseClick(dialog.move_up_button, Qt.MouseButton.LeftButton)  # ateliers before diag.
    view.setCurrentIndex(model.index(0, TITLE_COLUMN))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # Suppr removes the selected item
    qtbot.mouseClick(dialog.add_item_button, Qt.MouseButton.LeftButton)
    QApplication.focusWidget().clearFocus()  # leave the title editor opened on the new row
    model.setData(model.index(2, TITLE_COLUMN), "Synthèse")
    model.setData(model.index(2, DURATION_COLUMN), 10)
    assert dialog.agenda_total_label.text() == "3 points · 1 h 35"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    agenda = services.meetings.get_meeting(meeting_id).agenda
    expected = [
        ("Ateliers en petits groupes", 45),
        ("Diagnostic partagé avec les habitants", 40),
        ("Synthèse", 10),
    ]
    assert [(item.title, item.duration_minutes) for item in agenda] == expected
    assert window.workspace is not None
    shown = window.workspace.overview_page.agenda_model
    assert [shown.index(row, TITLE_COLUMN).data() for row in range(3)] == [t for t, _ in expected]
    assert "1 h 35" in window.workspace.overview_page.agenda_total_label.text()


def test_durations_are_edited_with_a_bounded_spin_box(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_new_meeting_dialog(qtbot, window)
    qtbot.mouseClick(dialog.add_item_button, Qt.MouseButton.LeftButton)
    model, view = dialog.agenda_model, dialog.agenda_view
    index = model.index(0, DURATION_COLUMN)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(QSpinBox)
    assert editor is not None
    assert (editor.minimum(), editor.maximum(), editor.suffix()) == (1, 1440, " min")
    editor.setValue(25)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(0, DURATION_COLUMN).data() == 25)  # committed queued


def test_president_and_secretaries_are_recorded_and_shown_again(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    window.open_meeting(meeting_id)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    dialog.activateWindow()  # the offscreen platform does not activate window-modal dialogs
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.president_edit.setText("Josée Ngô")  # QTest types ASCII only
    dialog.secretaries_edit.setText("Loïc Hébert")
    qtbot.keyClicks(dialog.secretaries_edit, ", Awa Diallo")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.meetings.get_meeting(meeting_id).fields.president != "")
    fields = services.meetings.get_meeting(meeting_id).fields
    assert fields.president == "Josée Ngô"
    assert fields.secretaries == ("Loïc Hébert", "Awa Diallo")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    again = window.findChildren(MeetingDialog)[-1]
    assert again.president_edit.text() == "Josée Ngô"
    assert again.secretaries_edit.text() == "Loïc Hébert, Awa Diallo"
    again.reject()


def test_the_door_rules_are_set_in_the_meeting_dialog(
    qtbot: QtBot, services: Services, meeting_id: str, window: MainWindow
) -> None:
    window.open_meeting(meeting_id)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert (dialog.proxy_limit_spin.value(), dialog.badge_margin_spin.value()) == (1, 1)
    assert dialog.proxy_limit_spin.isVisible()
    assert dialog.badge_margin_spin.isVisible()
    dialog.proxy_limit_spin.setFocus()
    qtbot.keyClick(dialog.proxy_limit_spin, Qt.Key.Key_Up)
    dialog.badge_margin_spin.setValue(3)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.meetings.get_meeting(meeting_id).fields.proxy_limit == 2)
    assert services.meetings.get_meeting(meeting_id).fields.badge_margin_days == 3
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    again = window.findChildren(MeetingDialog)[-1]
    assert (again.proxy_limit_spin.value(), again.badge_margin_spin.value()) == (2, 3)
    again.reject()
