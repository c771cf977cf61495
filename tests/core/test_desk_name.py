"""The desk's name: set by the person, kept with the device, told to the other desks by event."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from alembic import command

from civodesk.checkin.views import ScanOutcome
from civodesk.db import migrate
from civodesk.db.database import open_database
from civodesk.devices.naming import DeskNaming
from civodesk.devices.store import database_device
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import build_services
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


def test_the_first_run_suggests_a_name_no_other_known_desk_has(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.db", socket.gethostname())
    hall = open_desk(tmp_path / "hall.db", "salle")
    try:
        naming = desk.services.desk.naming()
        assert naming == DeskNaming(socket.gethostname(), False, "Accueil 1")  # not the host
        assert hall.services.desk.naming().suggestion == "salle"  # a name a person typed stays
        assert hall.services.desk.rename_desk("accueil 1").event_count == 0
        meeting = hall.services.meetings.create_meeting(meeting_fields()).meeting_id
        desk.ingest(hall.events(meeting))
        assert desk.services.desk.naming().suggestion == "Accueil 2"  # "accueil 1" is the hall
    finally:
        desk.close()
        hall.close()


def test_keeping_the_suggested_name_counts_as_choosing_it(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.db", "Accueil 1")
    try:
        assert not desk.services.desk.naming().chosen
        change = desk.services.desk.rename_desk("Accueil 1")  # what cancelling at first run does
        assert change.event_count == 0
        assert desk.services.desk.naming() == DeskNaming("Accueil 1", True, "Accueil 1")
        assert desk.services.desk.rename_desk("Accueil 1").topics == frozenset()  # nothing left
    finally:
        desk.close()


def test_a_database_from_before_the_question_counts_a_journaled_rename_as_chosen(
    tmp_path: Path,
) -> None:
    named, unnamed = open_desk(tmp_path / "named.db", "vm"), open_desk(tmp_path / "other.db", "vm")
    for desk in (named, unnamed):
        desk.services.meetings.create_meeting(meeting_fields())
    named.services.desk.rename_desk("Entrée nord")
    for desk in (named, unnamed):
        with desk.database.write() as conn:  # back to the schema without the question, and up
            command.downgrade(migrate.alembic_config(conn), "0093")
            migrate.upgrade(conn)
        desk.close()
    chosen = []
    for name in ("named.db", "other.db"):
        database = open_database(tmp_path / name)
        chosen.append(build_services(database, database_device(database)).desk.naming().chosen)
        database.close()
    assert chosen == [True, False]
