"""The save indicator shows storage state only; a refused action is said where it was taken, once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from ui.checkin.checkin_page import CheckinPage
from ui.checkin.proxy_dialog import ProxyDialog
from ui.shell.main_window import MainWindow


def test_a_refused_proxy_is_said_in_the_dialog_and_leaves_the_indicator_green(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = [ParticipantFields(first, "Roux") for first in ("Awa", "Jean", "Léa")]
    services.participants.register_many(meeting, people, "Émargement")
    services.checkin.issue_badges(meeting)
    awa = services.checkin.search(meeting, "awa")[0].participant_id
    services.checkin.check_in(meeting, awa)
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=1)
    assert window.workspace is not None
    page = window.workspace.pages[1]
    assert isinstance(page, CheckinPage)
    page.search.setText("awa")
    page.run_search()
    qtbot.mouseClick(page.proxy_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(ProxyDialog)
    assert dialog is not None
    for giver in ("jean", "lea"):
        dialog.search.setText(giver)
        dialog._run_search()
        qtbot.mouseClick(dialog.grant_button, Qt.MouseButton.LeftButton)
    assert "maximum" in dialog.error_label.text()
    assert window.save_state.state == "saved"
    assert "Non enregistré" not in window.save_state.text_label.text()
    assert window.message_label.text() == ""  # said once, in the dialog
    dialog.close()
