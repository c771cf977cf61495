"""A person registered without consent keeps no e-mail or phone, in the dialog as in the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from ui.checkin.checkin_page import CheckinPage
from ui.checkin.participant_dialog import ParticipantDialog
from ui.shell.main_window import MainWindow

REFUSAL = (
    "Sans consentement, ni courriel ni téléphone ne sont gardés : videz ces champs, "
    "ou recueillez d'abord le consentement de la personne."
)


def test_editing_a_person_without_consent_asks_for_it_before_taking_a_phone(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(
        meeting, [ParticipantFields("Jean", "Martin")]
    )  # no consent
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=1)
    assert window.workspace is not None
    page = window.workspace.page(1)
    assert isinstance(page, CheckinPage)
    page.search.setText("martin")
    page.run_search()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(ParticipantDialog)
    assert dialog is not None
    assert dialog.consent.isVisible()
    assert not dialog.consent.isChecked()

    qtbot.keyClicks(dialog.phone, "0594 27 00 00")
    assert dialog.error_label.text() == REFUSAL
    assert not dialog.ok_button.isEnabled()
    dialog.consent.setChecked(True)  # asked, and given
    assert dialog.error_label.text() == ""
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.participants.list_participants(meeting)[0].phone != "")
    person = services.participants.list_participants(meeting)[0]
    assert (person.phone, person.consent) == ("0594 27 00 00", True)
    assert person.consent_purpose == "l'émargement et le compte-rendu de la réunion"


def test_the_service_refuses_contacts_without_consent(services: Services) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
    person = services.participants.list_participants(meeting)[0]
    with pytest.raises(ValidationError, match="Sans consentement"):
        services.participants.update_participant(meeting, person.id, {"email": "awa@example.org"})
    with pytest.raises(ValidationError, match="Sans consentement"):
        services.checkin.register_walk_in(meeting, ParticipantFields("Zoé", "Roux", phone="06"), "")
    services.participants.update_participant(
        meeting, person.id, {"email": "awa@example.org", "consent": True, "consent_purpose": "x"}
    )
    assert services.participants.list_participants(meeting)[0].email == "awa@example.org"
