"""RGPD: consent and purpose, exporting one person's data, purging a closed meeting."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from civodesk.checkin.views import ScanOutcome
from civodesk.features import registry
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.store import events_table
from civodesk.journal.verify import verify_journal
from civodesk.participants.handlers import participants_table
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Hélène", "Dupré", "helene@example.org", "0694000000", "Mana"),
            ParticipantFields("Jean", "Martin", commune="Apatou"),
        ],
        consent_purpose="Émargement et compte-rendu de la réunion",
    )
    services.checkin.issue_badges(meeting_id)
    for badge in services.checkin.list_badges(meeting_id):
        services.checkin.scan(meeting_id, badge.token)
    return meeting_id


def test_export_one_person_holds_their_data_consent_and_journal(
    services: Services, meeting: str
) -> None:
    person = services.checkin.search(meeting, "helene")[0]
    exported = services.privacy.export_person(meeting, person.participant_id)
    json.dumps(exported)
    assert exported["data"]["email"] == "helene@example.org"
    assert exported["consent_purpose"] == "Émargement et compte-rendu de la réunion"
    types = [entry["type"] for entry in exported["journal"]]
    assert types == ["participant.registered", "badge.issued", "checkin.scanned"]
    assert exported["journal"][0]["personal"]["last_name"] == "Dupré"
    assert "Martin" not in json.dumps(exported)


def test_purge_needs_a_closed_meeting(services: Services, meeting: str) -> None:
    with pytest.raises(PermissionError):
        services.privacy.purge_personal_data(meeting)


def test_purge_erases_names_keeps_counts_and_the_chain(services: Services, meeting: str) -> None:
    services.meetings.close_meeting(meeting)
    services.privacy.purge_personal_data(meeting)
    with services.database.read() as conn:
        assert verify_journal(conn).ok
        stored = conn.execute(select(events_table.c.personal)).scalars()
        assert all(value is None for value in stored)
        rows = conn.execute(select(participants_table)).all()
        assert all(r.first_name is r.last_name is r.email is r.search_name is None for r in rows)
        dump = json.dumps([tuple(r) for r in rows], default=str)
        assert "Dupré" not in dump
        assert "helene@" not in dump
    summary = services.checkin.attendance(meeting)
    assert (summary.registered, summary.present) == (2, 2)
    assert {r.label for r in summary.breakdowns["commune"]} == {"Mana", "Apatou"}
    assert services.privacy.personal_data_purged(meeting)
    with pytest.raises(PermissionError):
        services.privacy.purge_personal_data(meeting)
    with services.database.write() as conn:
        rebuild_projections(conn, registry)
    assert services.checkin.attendance(meeting).present == 2
    assert services.checkin.search(meeting, "dupre") == []
    with services.database.read() as conn:
        assert verify_journal(conn).ok


def test_purged_meeting_still_answers_scans_by_badge_without_names(
    services: Services, meeting: str
) -> None:
    token = services.checkin.list_badges(meeting)[0].token
    services.meetings.close_meeting(meeting)
    services.privacy.purge_personal_data(meeting)
    services.meetings.reopen_meeting(meeting, "vote complémentaire")
    result = services.checkin.scan(meeting, token)
    assert result.outcome == ScanOutcome.DUPLICATE
    assert result.display_name == ""
