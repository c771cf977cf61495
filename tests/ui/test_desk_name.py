"""Fichier ▸ Nom de ce poste…: the person names the desk; the name is kept and journaled."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from civodesk.services import Services
from tests.factories import meeting_fields
from ui.shell.desk_name_dialog import DeskNameDialog
from ui.shell.main_window import MainWindow


def test_the_desk_is_named_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    services.meetings.create_meeting(meeting_fields())  # a meeting this desk writes to
    (action,) = [a for a in window.actions() if a.objectName() == "deskNameAction"]
    assert action.text() == "Nom de ce poste…"
    action.trigger()
    dialog = window.findChild(DeskNameDialog)
    assert dialog is not None
    assert dialog.name_edit.text() == "desk-1"  # the default: the device's first name
    dialog.name_edit.clear()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Entree nord")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: services.desk.desk_name() == "Entree nord")
    assert services.journal_tools.verify().ok
