"""The consent rule in the core, for every writer: no contact without consent, no consent without
its purpose (``participant.consent_problems``); refused, never written, never silently dropped."""

from __future__ import annotations

import pytest

from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import (
    KEPT_WITHOUT_CONSENT,
    MAX_CONSENT_PURPOSE,
    ParticipantFields,
)
from civodesk.services import Services
from tests.factories import meeting_fields

AWA = ParticipantFields("Awa", "Diallo", commune="Mana")
JEAN = ParticipantFields("Jean", "Martin", email="jean@example.org")
ZOE = ParticipantFields("Zoé", "Roux", phone="0694000001")


@pytest.fixture
def meeting(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields()).meeting_id


def test_a_bulk_registration_without_consent_refuses_contacts_row_by_row(
    services: Services, meeting: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.participants.register_many(meeting, [AWA, JEAN, ZOE])
    assert [(e.field, e.message[:27]) for e in refused.value.errors] == [
        ("email", "Ligne 2 : Sans consentement"),
        ("phone", "Ligne 3 : Sans consentement"),
    ]
    assert services.participants.count(meeting) == 0  # all or nothing: Awa is not written either


def test_without_consent_only_what_the_meeting_needs_is_registered(
    services: Services, meeting: str
) -> None:
    services.participants.register_many(meeting, [AWA])
    (person,) = services.participants.list_participants(meeting)
    assert (person.commune, person.consent, person.consent_purpose) == ("Mana", False, "")
    assert {"email", "phone"}.isdisjoint(KEPT_WITHOUT_CONSENT)
    assert {"first_name", "last_name", "commune"} <= set(KEPT_WITHOUT_CONSENT)


def test_a_stated_purpose_is_the_consent_that_keeps_contacts(
    services: Services, meeting: str
) -> None:
    services.participants.register_many(meeting, [JEAN, ZOE], "  Invitations aux réunions ")
    people = services.participants.list_participants(meeting)
    assert [(p.email, p.phone, p.consent, p.consent_purpose) for p in people] == [
        ("jean@example.org", "", True, "Invitations aux réunions"),  # Martin, then Roux
        ("", "0694000001", True, "Invitations aux réunions"),
    ]


def test_a_purpose_longer_than_the_journal_keeps_is_refused(
    services: Services, meeting: str
) -> None:
    with pytest.raises(ValidationError, match="finalité est trop longue"):
        services.participants.register_many(meeting, [AWA], "x" * (MAX_CONSENT_PURPOSE + 1))
    assert services.participants.count(meeting) == 0


def test_an_edit_giving_consent_must_say_for_what(services: Services, meeting: str) -> None:
    (awa,) = services.participants.register_many(meeting, [AWA]).created_ids
    with pytest.raises(ValidationError, match="Indiquez la finalité"):
        services.participants.update_participant(meeting, awa, {"consent": True})
    with pytest.raises(ValidationError, match="Indiquez la finalité"):
        services.participants.update_participant(
            meeting, awa, {"consent": True, "consent_purpose": "  "}
        )
    services.participants.update_participant(
        meeting, awa, {"consent": True, "consent_purpose": "Émargement", "phone": "0694000002"}
    )
    with pytest.raises(ValidationError, match="Indiquez la finalité"):  # consent kept, purpose lost
        services.participants.update_participant(meeting, awa, {"consent_purpose": ""})
    person = services.participants.get_participant(meeting, awa)
    assert (person.phone, person.consent, person.consent_purpose) == (
        "0694000002",
        True,
        "Émargement",
    )


def test_withdrawing_consent_is_refused_while_contacts_remain(
    services: Services, meeting: str
) -> None:
    (jean,) = services.participants.register_many(meeting, [JEAN], "Émargement").created_ids
    with pytest.raises(ValidationError, match="Sans consentement"):
        services.participants.update_participant(meeting, jean, {"consent": False})
    services.participants.update_participant(meeting, jean, {"consent": False, "email": ""})
    person = services.participants.get_participant(meeting, jean)
    assert (person.email, person.consent) == ("", False)
