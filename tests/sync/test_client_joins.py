"""Joining a meeting from the desk: ``civodesk remote-meetings``, ``civodesk join``, then sync.

Against a live server on loopback (SQLite, then PostgreSQL): a desk of the organization sees
the other desk's meeting in the list, receives nothing of it until it joins, and everything after;
its own events in a meeting it has not joined are set aside and go up once it joins; every
failure is one line and a documented exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.features import registry
from civodesk.journal.store import ingest_events
from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.client.engine import SyncOutcome
from sync.protocol import RejectionCode
from tests.factories import AGENDA, meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk

TITLE = "Réunion publique : le marché couvert"


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(server_database_url)).start()
    yield live
    live.close()


def hall_with_meeting(tmp_path: Path, server: LiveServer, org: str) -> tuple[SyncingDesk, str]:
    hall = make_desk(tmp_path, "hall")
    hall.enroll(server.url, server.enroll_code(org))
    meeting_id = hall.services.meetings.create_meeting(
        meeting_fields(title=TITLE, place="Halle de Mana"), AGENDA
    ).meeting_id
    hall.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo", phone="0694000001")], "Émargement"
    )
    assert hall.sync().ok
    return hall, meeting_id


def test_cli_lists_joins_and_the_next_sync_brings_the_meeting(
    tmp_path: Path, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    org = server.new_organization("Commune de Mana")
    hall, meeting_id = hall_with_meeting(tmp_path, server, org)
    db = str(tmp_path / "cli.db")
    assert (
        main(["enroll", "--db", db, "--server", server.url, "--code", server.enroll_code(org)]) == 0
    )
    capsys.readouterr()

    assert main(["remote-meetings", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert meeting_id in listing
    assert TITLE in listing
    assert "Halle de Mana" in listing
    assert "Diallo" not in listing
    assert "[rejointe]" not in listing
    assert main(["sync", "--db", db]) == 0
    assert "reçus : 0" in capsys.readouterr().out  # not joined: nothing of it arrives

    assert main(["join", "--db", db, "--meeting", meeting_id]) == 0
    assert "rejointe" in capsys.readouterr().out
    assert main(["sync", "--db", db]) == 0
    assert f"reçus : {len(hall.events())}" in capsys.readouterr().out

    assert main(["remote-meetings", "--db", db, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "meeting_id": meeting_id,
            "title": TITLE,
            "place": "Halle de Mana",
            "starts_at": listed[0]["starts_at"],
            "ends_at": listed[0]["ends_at"],
            "joined": True,
        }
    ]
    assert listed[0]["starts_at"] < listed[0]["ends_at"]
    assert main(["join", "--db", db, "--meeting", meeting_id]) == 0
    assert "déjà" in capsys.readouterr().out


def test_failures_are_one_line_and_a_documented_code(
    tmp_path: Path, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    org = server.new_organization("Commune d'Awala")
    db = str(tmp_path / "cli.db")
    assert main(["remote-meetings", "--db", db]) == 1  # no database yet
    capsys.readouterr()
    make_desk(tmp_path, "cli").close()
    assert main(["remote-meetings", "--db", db]) == 1
    assert "inscrit" in capsys.readouterr().err
    assert (
        main(["enroll", "--db", db, "--server", server.url, "--code", server.enroll_code(org)]) == 0
    )
    capsys.readouterr()

    assert main(["join", "--db", db, "--meeting", "no-such-meeting"]) == 5
    captured = capsys.readouterr()
    assert "ne connaît pas la réunion no-such-meeting" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err + captured.out

    server.stop()
    assert main(["remote-meetings", "--db", db]) == 3
    captured = capsys.readouterr()
    assert "injoignable" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    server.start()


def test_own_events_in_a_meeting_not_joined_wait_aside_and_go_up_once_joined(
    tmp_path: Path, server: LiveServer
) -> None:
    """A desk holding the meeting without taking part (a copy made by hand, an old server) records
    a registration: the server refuses it as not joined; after ``join`` the next sync sends it."""
    org = server.new_organization("Commune d'Apatou")
    hall, meeting_id = hall_with_meeting(tmp_path, server, org)
    copy = make_desk(tmp_path, "copy")
    copy.enroll(server.url, server.enroll_code(org))
    with copy.services.database.write() as conn:
        ingest_events(conn, hall.events(), registry, copy.services.journal)
        state.record_acks(conn, {(meeting_id, hall.services.device.device_id): len(hall.events())})
    copy.services.participants.register_many(meeting_id, [ParticipantFields("Léa", "Marcel")])

    refused = copy.sync()
    assert refused.outcome is SyncOutcome.INCOMPLETE
    assert [r.reason.split(":")[0] for r in refused.set_aside] == [RejectionCode.NOT_JOINED] * len(
        refused.set_aside
    )
    assert refused.set_aside
    own = [e.event_id for e in copy.events() if e.device_id == copy.services.device.device_id]
    assert not set(own) & set(server.event_ids())

    result = copy.join(meeting_id)
    assert result.requeued == 1  # the first refused event of the stream holds the others back
    assert copy.sync().ok
    assert set(own) <= set(server.event_ids())
    assert hall.sync().ok
    assert hall.fingerprint(meeting_id) == copy.fingerprint(meeting_id)
