"""The sync client against a real server on loopback: enroll, push, pull, converge, auth stops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.client.engine import SyncClient, SyncOutcome
from sync.server.admin import revoke_device
from tests.factories import AGENDA, meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    """A live server on SQLite, then on PostgreSQL (``server_database_url`` in conftest)."""
    live = LiveServer(loose_settings(server_database_url)).start()
    yield live
    live.close()


@pytest.fixture
def org(server: LiveServer) -> str:
    return server.new_organization("Communauté de communes de l'Ouest guyanais")


def enrolled_desk(tmp_path: Path, server: LiveServer, org: str, label: str) -> SyncingDesk:
    desk = make_desk(tmp_path, label)
    desk.enroll(server.url, server.enroll_code(org))
    return desk


def test_a_desk_pushes_its_meeting_and_the_server_agrees(
    tmp_path: Path, server: LiveServer, org: str
) -> None:
    desk = enrolled_desk(tmp_path, server, org, "desk-a")
    meeting_id = desk.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    desk.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Lefèvre")]
    )

    report = desk.sync()

    assert report.outcome is SyncOutcome.OK, report.message
    assert report.accepted == len(desk.events())
    assert report.waiting == 0
    assert sorted(server.event_ids()) == sorted(desk.event_ids())
    assert desk.server_fingerprint(meeting_id) == desk.fingerprint(meeting_id)
    again = desk.sync()
    assert again.ok
    assert again.pushed == 0


def test_two_desks_of_one_meeting_converge(tmp_path: Path, server: LiveServer, org: str) -> None:
    first = enrolled_desk(tmp_path, server, org, "desk-a")
    second = enrolled_desk(tmp_path, server, org, "desk-b")
    meeting_id = first.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    assert first.sync().ok
    assert second.sync().ingested == 0  # desk B holds only the meetings it takes part in
    second.join(meeting_id)

    pulled = second.sync()
    assert pulled.ok
    assert pulled.ingested == len(first.events())
    second.services.participants.register_many(meeting_id, [ParticipantFields("Léa", "Martin")])
    first.services.participants.register_many(meeting_id, [ParticipantFields("Jean", "Petit")])
    details = first.services.meetings.get_meeting(meeting_id)
    # Concurrent edits of the title on both desks: one wins by rule, a conflict is kept.
    first.services.meetings.update_meeting(
        meeting_id, meeting_fields(title="Titre du poste A"), details.version
    )
    second.services.meetings.update_meeting(
        meeting_id, meeting_fields(title="Titre du poste B"), details.version
    )
    for desk in (first, second, first):
        assert desk.sync().ok

    assert sorted(first.event_ids()) == sorted(second.event_ids()) == sorted(server.event_ids())
    assert first.fingerprint(meeting_id) == second.fingerprint(meeting_id)
    assert second.server_fingerprint(meeting_id) == first.fingerprint(meeting_id)
    names = {p.last_name for p in second.services.participants.list_participants(meeting_id)}
    assert names == {"Martin", "Petit"}
    titles = {
        desk.services.meetings.get_meeting(meeting_id).fields.title for desk in (first, second)
    }
    assert len(titles) == 1
    for desk in (first, second):
        conflicts = desk.services.conflicts.list_conflicts(meeting_id)
        assert [c.field for c in conflicts] == ["title"]


def test_a_revoked_device_stops_and_says_so(tmp_path: Path, server: LiveServer, org: str) -> None:
    desk = enrolled_desk(tmp_path, server, org, "desk-a")
    meeting_id = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    revoke_device(server.database, desk.device.device_id)

    report = desk.sync()

    assert report.outcome is SyncOutcome.UNAUTHORIZED
    assert report.message == (
        "Le serveur refuse ce poste (403) : ce poste a été révoqué par l'équipe centrale"
    )
    assert "revoked on" not in report.message  # the server's English stays out of sight
    with desk.services.database.read() as conn:
        enrollment = state.load_enrollment(conn)
    assert enrollment is not None
    assert enrollment.blocked_reason
    automatic = SyncClient(desk.services).sync_once(automatic=True)
    assert automatic.outcome is SyncOutcome.UNAUTHORIZED
    assert automatic.pushed == 0
    assert server.event_ids(meeting_id) == []


def test_an_unreachable_server_is_reported_and_nothing_is_lost(
    tmp_path: Path, server: LiveServer, org: str
) -> None:
    desk = enrolled_desk(tmp_path, server, org, "desk-a")
    meeting_id = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    server.stop()
    from sync.client.retry import RetryPolicy

    report = SyncClient(
        desk.services, policy=RetryPolicy(max_attempts=2, base_delay_s=0.01)
    ).sync_once()
    assert report.outcome is SyncOutcome.UNREACHABLE
    assert not report.reachable
    assert report.waiting == len(desk.events())
    server.start()
    assert desk.sync().ok
    assert desk.server_fingerprint(meeting_id) == desk.fingerprint(meeting_id)
    with desk.services.database.read() as conn:
        outcomes = [entry.outcome for entry in state.list_history(conn)]
    assert outcomes == ["ok", "unreachable"]


def test_cli_enroll_and_sync(
    tmp_path: Path, server: LiveServer, org: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["sync", "--db", db]) == 1
    assert "aucune base" in capsys.readouterr().err
    assert main(["enroll", "--db", db, "--server", server.url, "--code", "not-a-code"]) == 1
    err = capsys.readouterr().err
    assert "Code d'inscription refusé (code inconnu, déjà utilisé ou expiré)." in err
    assert "this enroll code" not in err
    enroll_in_english = ["--lang", "en", "enroll", "--db", db, "--server", server.url]
    try:
        assert main([*enroll_in_english, "--code", "not-a-code"]) == 1
    finally:
        set_language(DEFAULT_LANGUAGE)
    assert "(code unknown, already used or expired)" in capsys.readouterr().err
    assert main(["sync", "--db", db]) == 1
    assert "inscrit" in capsys.readouterr().err
    code = server.enroll_code(org)
    assert main(["enroll", "--db", db, "--server", server.url, "--code", code]) == 0
    assert org in capsys.readouterr().out
    desk = make_desk(tmp_path, "other")
    desk.enroll(server.url, server.enroll_code(org))
    other_meeting = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    assert desk.sync().ok

    assert main(["join", "--db", db, "--meeting", other_meeting]) == 0
    assert main(["sync", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Tout est synchronisé" in out
    assert f"reçus : {len(desk.events())}" in out


def test_check_ins_on_two_desks_are_unioned_and_a_double_check_in_is_flagged(
    tmp_path: Path, server: LiveServer, org: str
) -> None:
    from sqlalchemy import select

    from civodesk.checkin.handlers import scans_table

    first = enrolled_desk(tmp_path, server, org, "door-1")
    second = enrolled_desk(tmp_path, server, org, "door-2")
    meeting_id = first.services.meetings.create_meeting(meeting_fields()).meeting_id
    first.services.meetings.open_meeting(meeting_id)
    people = first.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Lefèvre")]
    ).created_ids
    assert first.sync().ok
    second.join(meeting_id)
    assert second.sync().ok
    # The link is down: each door checks people in on its own, Awa at both doors.
    first.clock.advance(60_000)
    first.services.checkin.check_in(meeting_id, people[0])
    second.clock.advance(90_000)
    second.services.checkin.check_in(meeting_id, people[0])
    second.services.checkin.check_in(meeting_id, people[1])
    for desk in (first, second, first):
        assert desk.sync().ok

    for desk in (first, second):
        assert desk.services.checkin.attendance(meeting_id).present == 2
        with desk.services.database.read() as conn:
            flags = conn.execute(
                select(scans_table.c.participant_id, scans_table.c.duplicate).where(
                    scans_table.c.meeting_id == meeting_id
                )
            ).all()
        assert sorted(flags) == sorted([(people[0], False), (people[0], True), (people[1], False)])
    assert first.fingerprint(meeting_id) == second.fingerprint(meeting_id)
