"""The desk's name: set by the person, kept with the device, told to the other desks by event."""

from __future__ import annotations

from pathlib import Path

import pytest

from civodesk.checkin.views import ScanOutcome
from civodesk.devices.store import database_device
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import open_desk, send
from tests.factories import meeting_fields


def test_a_renamed_desk_is_named_in_the_duplicate_message_of_another_desk(tmp_path: Path) -> None:
    entrance = open_desk(tmp_path / "entrance.db", "vm")
    hall = open_desk(tmp_path / "hall.db", "salle")
    try:
        meeting = entrance.services.meetings.create_meeting(meeting_fields()).meeting_id
        entrance.services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
        person = entrance.services.participants.list_participants(meeting)[0].id
        entrance.services.checkin.check_in(meeting, person)
        change = entrance.services.desk.rename_desk("  Entrée   nord ")
        assert change.event_count == 1  # one meeting written to: one device.renamed event
        assert entrance.services.desk.desk_name() == "Entrée nord"
        send(entrance, hall)
        again = hall.services.checkin.check_in(meeting, person)
        assert again.outcome is ScanOutcome.DUPLICATE
        assert again.admitted_by_desk == "Entrée nord"
        # Kept with the database's identity: reopening it gives the name, not the host name.
        assert database_device(entrance.database).label == "Entrée nord"
        assert entrance.services.journal_tools.verify().ok
    finally:
        entrance.close()
        hall.close()


def test_a_desk_named_before_its_first_meeting_joins_under_that_name(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.db", "vm")
    other = open_desk(tmp_path / "other.db", "salle")
    try:
        assert desk.services.desk.rename_desk("Accueil").event_count == 0
        meeting = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
        desk.services.participants.register_many(meeting, [ParticipantFields("Jean", "Martin")])
        person = desk.services.participants.list_participants(meeting)[0].id
        desk.services.checkin.check_in(meeting, person)
        send(desk, other)
        assert other.services.checkin.check_in(meeting, person).admitted_by_desk == "Accueil"
        with pytest.raises(ValidationError, match="Donnez un nom"):
            desk.services.desk.rename_desk("   ")
        with pytest.raises(ValidationError, match="trop long"):
            desk.services.desk.rename_desk("x" * 61)
    finally:
        desk.close()
        other.close()
