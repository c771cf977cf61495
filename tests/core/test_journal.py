"""The journal: gapless hash-chained streams, verification, ingestion from elsewhere, and the HLC."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from civodesk.cli.main import main
from civodesk.clock import ManualClock
from civodesk.db.database import open_database
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.journal.event import GENESIS_HASH, JournalEvent, compute_hash
from civodesk.journal.hlc import MAX_AHEAD_MS, HybridLogicalClock, wall_ms
from civodesk.journal.store import (
    DEVICE_JOINED,
    IngestProblem,
    IngestStatus,
    events_table,
    ingest_events,
    iter_events,
    row_to_event,
)
from civodesk.meetings.handlers import meetings
from civodesk.meetings.meeting import AgendaItemFields
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services, build_services
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields

DAY_MS = 24 * 3600 * 1000


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    first, second = open_desk(tmp_path / "a.db", "desk-a"), open_desk(tmp_path / "b.db", "desk-b")
    yield first, second
    first.close()
    second.close()


def _stream(services: Services, meeting_id: str) -> list[JournalEvent]:
    with services.database.read() as conn:
        rows = conn.execute(
            select(events_table)
            .where(
                events_table.c.meeting_id == meeting_id,
                events_table.c.device_id == services.device.device_id,
            )
            .order_by(events_table.c.seq)
        ).all()
    return [row_to_event(row) for row in rows]


def _problems(services: Services) -> list[str]:
    return [problem.reason for problem in services.journal_tools.verify().problems]


def _rehash(event: JournalEvent, **changes: object) -> JournalEvent:
    """A changed event whose own hash is recomputed (a forger who knows the hash function)."""
    changed = replace(event, **changes)  # type: ignore[arg-type]
    fields = {
        name: getattr(changed, name)
        for name in (
            "event_id",
            "meeting_id",
            "device_id",
            "seq",
            "device_time_ms",
            "hlc",
            "type",
            "payload",
            "personal_digest",
            "prev_hash",
        )
    }
    return replace(changed, hash=compute_hash(**fields))


# Appending ---------------------------------------------------------------------------------------


def test_first_event_of_each_stream_is_device_joined_and_seq_is_gapless(
    services: Services,
) -> None:
    first = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.meetings.update_meeting(first, meeting_fields(title="Nouveau titre"))
    second = services.meetings.create_meeting(meeting_fields(title="Autre réunion")).meeting_id

    stream = _stream(services, first)
    assert [event.seq for event in stream] == list(range(1, len(stream) + 1))
    assert [event.type for event in stream] == [
        DEVICE_JOINED,
        "meeting.created",
        "agenda_item.added",
        "agenda_item.added",
        "agenda_item.added",
        "meeting.edited",
    ]
    joined = stream[0].payload
    assert joined["public_key"] == services.device.public_key_b64
    assert joined["key_id"] == services.device.key_id
    # A second meeting is its own stream, numbered from 1 again.
    assert [(e.seq, e.type) for e in _stream(services, second)] == [
        (1, DEVICE_JOINED),
        (2, "meeting.created"),
    ]


def test_events_are_chained_by_hash(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
    stream = _stream(services, meeting_id)

    assert stream[0].prev_hash == GENESIS_HASH
    for previous, event in pairwise(stream):
        assert event.prev_hash == previous.hash
    for event in stream:
        assert event.hash == event.computed_hash()
        assert len(event.hash) == 64
    assert len({event.hash for event in stream}) == len(stream)


def test_a_failed_action_writes_nothing_and_leaves_the_sequence_intact(
    services: Services,
) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    before = _stream(services, meeting_id)

    def failing_action() -> None:
        with services.database.write() as conn:
            services.journal.append(conn, meeting_id, "meeting.edited", {"changes": {}})
            raise RuntimeError("the action fails after its event was appended")

    with pytest.raises(RuntimeError):
        failing_action()
    assert _stream(services, meeting_id) == before
    services.meetings.update_meeting(meeting_id, meeting_fields(title="Après l'échec"))
    after = _stream(services, meeting_id)
    assert [event.seq for event in after] == list(range(1, len(before) + 2))
    assert after[-1].prev_hash == before[-1].hash


# Verification ------------------------------------------------------------------------------------


@pytest.fixture
def journaled(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo", email="awa@example.org")], "Émargement"
    )
    services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre modifié"))
    assert services.journal_tools.verify().ok
    return meeting_id


def _event_of_type(services: Services, meeting_id: str, event_type: str) -> JournalEvent:
    return next(e for e in _stream(services, meeting_id) if e.type == event_type)


def test_verify_accepts_an_intact_journal(services: Services, journaled: str) -> None:
    report = services.journal_tools.verify()
    assert report.ok
    assert report.streams_checked == 1
    assert report.events_checked == len(_stream(services, journaled))
    assert services.journal_tools.verify(journaled).ok


def test_verify_detects_a_tampered_payload(services: Services, journaled: str) -> None:
    target = _event_of_type(services, journaled, "meeting.edited")
    tampered = {**target.payload, "changes": {"title": "Titre falsifié"}}
    with services.database.write() as conn:
        conn.execute(
            update(events_table)
            .where(events_table.c.event_id == target.event_id)
            .values(payload=json.dumps(tampered))
        )
    report = services.journal_tools.verify()
    assert not report.ok
    assert [(p.seq, p.reason) for p in report.problems] == [
        (target.seq, "l'empreinte ne correspond pas au contenu de l'événement")
    ]
    assert journaled in str(report.problems[0])


def test_verify_detects_a_deleted_event_as_a_gap(services: Services, journaled: str) -> None:
    victim = _event_of_type(services, journaled, "agenda_item.added")
    with services.database.write() as conn:
        conn.execute(delete(events_table).where(events_table.c.event_id == victim.event_id))
    problems = services.journal_tools.verify().problems
    assert {p.seq for p in problems} == {victim.seq + 1}
    reasons = {p.reason for p in problems}
    assert f"trou dans la séquence : n° {victim.seq} attendu" in reasons
    assert "chaîne d'empreintes rompue : l'empreinte précédente ne correspond pas" in reasons


def test_verify_detects_a_deleted_last_event_only_by_comparison_of_heads(
    services: Services, journaled: str
) -> None:
    """Truncating the end of a stream keeps the rest self-consistent: verify cannot see it alone.

    That is a limit of any hash chain without an external anchor; the meeting fingerprint, which
    every desk and the server agree on, is what reveals it.
    """
    fingerprint = services.journal_tools.fingerprint(journaled)
    last = _stream(services, journaled)[-1]
    with services.database.write() as conn:
        conn.execute(delete(events_table).where(events_table.c.event_id == last.event_id))
    assert services.journal_tools.verify().ok
    assert services.journal_tools.fingerprint(journaled) != fingerprint


def test_verify_detects_a_swapped_prev_hash(services: Services, journaled: str) -> None:
    stream = _stream(services, journaled)
    # A forger rewrites event 4 to chain onto event 2 and recomputes its own hash.
    forged = _rehash(stream[3], prev_hash=stream[1].hash)
    with services.database.write() as conn:
        conn.execute(
            update(events_table)
            .where(events_table.c.event_id == forged.event_id)
            .values(prev_hash=forged.prev_hash, hash=forged.hash)
        )
    problems = services.journal_tools.verify().problems
    assert (4, "chaîne d'empreintes rompue : l'empreinte précédente ne correspond pas") in [
        (p.seq, p.reason) for p in problems
    ]
    # Event 5 still names the old hash of event 4: the chain is broken there too.
    assert (5, "chaîne d'empreintes rompue : l'empreinte précédente ne correspond pas") in [
        (p.seq, p.reason) for p in problems
    ]


def test_verify_detects_altered_personal_data(services: Services, journaled: str) -> None:
    target = _event_of_type(services, journaled, "participant.registered")
    assert target.personal is not None
    altered = {**target.personal, "last_name": "Dupont"}
    with services.database.write() as conn:
        conn.execute(
            update(events_table)
            .where(events_table.c.event_id == target.event_id)
            .values(personal=json.dumps(altered))
        )
    problems = services.journal_tools.verify().problems
    assert [(p.seq, p.reason) for p in problems] == [
        (target.seq, "les données personnelles ne correspondent pas à leur empreinte")
    ]


def test_erasing_personal_data_keeps_the_chain_valid(services: Services, journaled: str) -> None:
    """The hash covers only the salted digest: removing the personal part (RGPD) breaks nothing."""
    target = _event_of_type(services, journaled, "participant.registered")
    with services.database.write() as conn:
        conn.execute(
            update(events_table)
            .where(events_table.c.event_id == target.event_id)
            .values(personal=None)
        )
    assert services.journal_tools.verify().ok


def test_personal_digest_is_salted(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    same = ParticipantFields("Jean", "Martin")
    services.participants.register_many(meeting_id, [same, same])
    digests = [
        e.personal_digest for e in _stream(services, meeting_id) if e.type.startswith("participant")
    ]
    assert len(digests) == 2
    assert digests[0] != digests[1]


# Ingesting events from another desk --------------------------------------------------------------


def test_ingest_accepts_another_desks_stream_and_projects_it(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    outcomes = send(a, b)
    assert [o.status for o in outcomes] == [IngestStatus.ACCEPTED] * len(a.events())
    details = b.services.meetings.get_meeting(meeting_id)
    assert details.fields.title == meeting_fields().title
    assert [item.title for item in details.agenda] == [item.title for item in AGENDA]
    assert b.event_ids() == a.event_ids()
    assert b.services.journal_tools.verify().ok
    # b's own edit goes to its own stream, starting with device.joined.
    b.services.meetings.update_meeting(meeting_id, meeting_fields(title="Vu par b"))
    own = [e for e in b.events(meeting_id) if e.device_id == b.device_id]
    assert [(e.seq, e.type) for e in own] == [(1, DEVICE_JOINED), (2, "meeting.edited")]


def test_ingest_reports_duplicates_on_resend(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.services.meetings.create_meeting(meeting_fields(), AGENDA)
    send(a, b)
    with b.database.read() as conn:
        count = len(conn.execute(select(events_table.c.event_id)).all())
    outcomes = send(a, b)
    assert {o.status for o in outcomes} == {IngestStatus.DUPLICATE}
    assert len(outcomes) == count
    with b.database.read() as conn:
        assert len(conn.execute(select(events_table.c.event_id)).all()) == count
        assert len(conn.execute(select(meetings.c.id)).all()) == 1


def test_ingest_rejects_a_gap_and_keeps_later_events_of_the_stream_out(
    desks: tuple[Desk, Desk],
) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    a.services.meetings.update_meeting(meeting_id, meeting_fields(title="Deuxième titre"))
    stream = a.events(meeting_id)  # seq 1..6 (joined, created, 3 items, edited)
    missing = stream[2]
    outcomes = {o.event_id: o for o in b.ingest([e for e in stream if e is not missing])}

    for event in stream[:2]:
        assert outcomes[event.event_id].status is IngestStatus.ACCEPTED
    assert outcomes[stream[3].event_id].status is IngestStatus.REJECTED
    assert outcomes[stream[3].event_id].reason == "trou dans la séquence : n° 3 attendu, n° 4 reçu"
    assert outcomes[stream[3].event_id].problem is IngestProblem.SEQUENCE_GAP
    for event in stream[4:]:
        assert outcomes[event.event_id].status is IngestStatus.REJECTED
    assert b.event_ids() == {stream[0].event_id, stream[1].event_id}
    assert b.services.meetings.get_meeting(meeting_id).agenda == ()
    # Once the missing event arrives, the rest follows.
    statuses = [o.status for o in b.ingest(stream)]
    assert statuses == [IngestStatus.DUPLICATE] * 2 + [IngestStatus.ACCEPTED] * 4
    assert b.services.meetings.get_meeting(meeting_id).fields.title == "Deuxième titre"
    assert b.services.journal_tools.verify().ok


def test_ingest_rejects_a_bad_hash_and_the_events_after_it(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    stream = a.events(meeting_id)
    forged = replace(stream[2], payload={**stream[2].payload, "title": "Point inventé"})
    outcomes = b.ingest([stream[0], stream[1], forged, *stream[3:]])
    assert [o.status for o in outcomes[:2]] == [IngestStatus.ACCEPTED] * 2
    assert outcomes[2].status is IngestStatus.REJECTED
    assert outcomes[2].reason == "l'empreinte ne correspond pas au contenu de l'événement"
    assert outcomes[2].problem is IngestProblem.HASH_MISMATCH
    assert all(o.status is IngestStatus.REJECTED for o in outcomes[3:])
    assert outcomes[3].reason == "trou dans la séquence : n° 3 attendu, n° 4 reçu"
    assert b.event_ids() == {stream[0].event_id, stream[1].event_id}


def test_ingest_rejects_an_event_not_chained_to_the_stream(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    stream = a.events(meeting_id)
    # Self-consistent (its hash is right) but it claims to follow a different event.
    rechained = _rehash(stream[2], prev_hash=stream[0].hash)
    outcomes = b.ingest([stream[0], stream[1], rechained])
    assert outcomes[2].status is IngestStatus.REJECTED
    assert outcomes[2].problem is IngestProblem.PREVIOUS_HASH_MISMATCH
    assert outcomes[2].reason == (
        "l'empreinte précédente ne correspond pas au dernier événement de cet appareil"
    )


def test_ingest_rejects_a_second_event_claiming_a_used_sequence_number(
    desks: tuple[Desk, Desk],
) -> None:
    """A device that forked its stream (two events #3) cannot overwrite what was accepted."""
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    stream = a.events(meeting_id)
    send(a, b)
    fork = _rehash(stream[2], event_id="0193a000-0000-7000-8000-000000000001")
    [outcome] = b.ingest([fork])
    assert outcome.status is IngestStatus.REJECTED
    assert outcome.reason == "numéro 3 déjà utilisé par un autre événement de cet appareil"
    assert outcome.problem is IngestProblem.SEQUENCE_CONFLICT


def test_ingest_rejects_altered_personal_data(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields()).meeting_id
    a.services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
    stream = a.events(meeting_id)
    registered = stream[-1]
    assert registered.personal is not None
    altered = replace(registered, personal={**registered.personal, "last_name": "Durand"})
    outcomes = b.ingest([*stream[:-1], altered])
    assert outcomes[-1].status is IngestStatus.REJECTED
    assert outcomes[-1].reason == "les données personnelles ne correspondent pas à leur empreinte"
    assert b.services.participants.count(meeting_id) == 0


def test_ingest_in_any_order_within_a_batch(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    stream = a.events(meeting_id)
    outcomes = b.ingest(list(reversed(stream)))
    assert {o.status for o in outcomes} == {IngestStatus.ACCEPTED}
    # Outcomes come back in the order the events were given.
    assert [o.event_id for o in outcomes] == [e.event_id for e in reversed(stream)]
    assert len(b.services.meetings.get_meeting(meeting_id).agenda) == len(AGENDA)


# Hybrid logical clock ----------------------------------------------------------------------------


def test_hlc_never_goes_backwards_when_the_wall_clock_does() -> None:
    clock = ManualClock(1_000_000)
    hlc = HybridLogicalClock(clock)
    stamps = [hlc.tick()]
    for step in (10, -5000, 0, 0, -1, 3, -DAY_MS, 20_000):
        clock.advance(step)
        stamps.append(hlc.tick())
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert wall_ms(stamps[-1]) >= clock.now_ms()


def test_hlc_observe_moves_past_a_remote_stamp() -> None:
    """Within the bound (a stamp days ahead is clamped: ``test_clock_bound``)."""
    behind = HybridLogicalClock(ManualClock(1_000_000))
    remote = HybridLogicalClock(ManualClock(1_000_000 + 3 * 60_000)).tick()
    behind.observe(remote)
    assert behind.tick() > remote
    behind.observe(1)  # an older stamp does not move it back
    assert behind.tick() > remote


def test_journal_hlc_is_monotonic_even_if_the_device_clock_jumps_back(
    services: Services, clock: ManualClock
) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    for step in (1000, -DAY_MS, 0, -10, 5):
        clock.advance(step)
        services.meetings.add_agenda_item(meeting_id, AgendaItemFields("Point", 10))
    hlcs = [event.hlc for event in _stream(services, meeting_id)]
    assert hlcs == sorted(hlcs)
    assert len(set(hlcs)) == len(hlcs)


def test_hlc_continues_after_reopening_the_database(tmp_path: Path) -> None:
    """A new Journal (app restart) starts from the largest stamp in the file, not from zero."""
    desk = open_desk(tmp_path / "desk.db", "desk", start_ms=1_000_000 + 5 * DAY_MS)
    meeting_id = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    last = desk.events(meeting_id)[-1].hlc
    desk.close()
    database = open_database(tmp_path / "desk.db")
    clock = ManualClock(1_000_000)  # clock 5 days behind
    reopened = build_services(database, desk.services.device, clock)  # same device
    reopened.meetings.create_meeting(meeting_fields(title="Après redémarrage"))
    with database.read() as conn:
        newest = max(e.hlc for e in iter_events(conn))
    assert newest > last
    database.close()


def test_ingest_observes_the_remote_clock_so_replies_order_after(
    desks: tuple[Desk, Desk],
) -> None:
    """Desk a's clock is 3 days ahead, desk b's 2 days behind: b's reply (an edit based on a's
    version) still sorts after a's, while b's clock is not dragged 5 days ahead."""
    a, b = desks
    a.clock.advance(3 * DAY_MS)
    b.clock.advance(-2 * DAY_MS)
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    send(a, b)
    b.services.meetings.update_meeting(meeting_id, meeting_fields(title="Réponse de b"))
    joined, reply = [e for e in b.events(meeting_id) if e.device_id == b.device_id]
    assert reply.type == "meeting.edited"
    (base,) = [e for e in a.events() if e.event_id == reply.payload["base"]]
    assert reply.hlc > base.hlc
    assert wall_ms(joined.hlc) <= b.clock.now_ms() + MAX_AHEAD_MS
    assert a.services.meetings.get_meeting(meeting_id).fields.title != "Réponse de b"
    send(b, a)
    assert a.services.meetings.get_meeting(meeting_id).fields.title == "Réponse de b"
    # Back on a (whose clock is ahead), a later edit sorts after b's reply as well.
    send(b, a)
    a.services.meetings.update_meeting(meeting_id, meeting_fields(title="Réponse de a"))
    causal = [e.type for e in a.events(meeting_id) if e.type == "meeting.edited"]
    assert len(causal) == 2
    assert a.services.meetings.get_meeting(meeting_id).fields.title == "Réponse de a"
    send(a, b)
    assert b.services.meetings.get_meeting(meeting_id).fields.title == "Réponse de a"
    assert not b.services.conflicts.list_conflicts(meeting_id)


def test_a_desk_far_behind_still_wins_with_a_causally_later_edit(
    desks: tuple[Desk, Desk],
) -> None:
    """Wall clocks would let a's old edit win; the HLC makes b's later edit (after seeing it) win."""
    a, b = desks
    a.clock.advance(10 * DAY_MS)
    meeting_id = a.services.meetings.create_meeting(meeting_fields()).meeting_id
    a.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre de a"))
    send(a, b)
    b.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre corrigé par b"))
    b_edit = [e for e in b.events(meeting_id) if e.device_id == b.device_id][-1]
    assert b_edit.device_time_ms < a.clock.now_ms() - 9 * DAY_MS
    send(b, a)
    for desk in (a, b):
        assert desk.services.meetings.get_meeting(meeting_id).fields.title == "Titre corrigé par b"
        assert not desk.services.conflicts.list_conflicts(meeting_id)


def test_events_stored_by_another_writer_are_observed_before_the_next_append(
    desks: tuple[Desk, Desk],
) -> None:
    """A second writer on the same file (a sync worker, the command line) ingests a desk whose
    clock is days ahead, without telling this Journal. The next local edit must still sort after
    what is in the file, or it would be replayed before the events it was based on."""
    a, b = desks
    meeting_id = b.services.meetings.create_meeting(meeting_fields()).meeting_id  # b's HLC cached
    a.clock.advance(4 * DAY_MS)
    send(b, a)
    added = a.services.meetings.add_agenda_item(
        meeting_id, AgendaItemFields("Point ajouté sur A", 10)
    )
    worker = build_services(b.database, b.services.device, b.clock)
    with b.database.write() as conn:
        ingest_events(conn, a.events(), worker.journal.registry, worker.journal)
    newest_in_file = max(event.hlc for event in b.events())

    b.services.meetings.update_agenda_item(
        meeting_id, added.created_ids[0], AgendaItemFields("Point renommé sur B", 10)
    )
    [edit] = [e for e in b.events(meeting_id) if e.type == "agenda_item.edited"]
    assert edit.hlc > newest_in_file
    with b.database.read() as conn:
        live = dump_tables(conn)
    b.services.journal_tools.rebuild()
    with b.database.read() as conn:
        assert dump_tables(conn) == live
    assert [i.title for i in b.services.meetings.get_meeting(meeting_id).agenda] == [
        "Point renommé sur B"
    ]


def test_verify_journal_command_exits_1_with_the_reason(
    services: Services, journaled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-journal", "--db", str(services.database.path)]) == 0
    assert "Journal intègre" in capsys.readouterr().out
    target = _event_of_type(services, journaled, "meeting.created")
    with services.database.write() as conn:
        conn.execute(
            update(events_table)
            .where(events_table.c.event_id == target.event_id)
            .values(device_time_ms=target.device_time_ms + 1)
        )
    assert main(["verify-journal", "--db", str(services.database.path)]) == 1
    err = capsys.readouterr().err
    assert (
        f"événement n° {target.seq} : l'empreinte ne correspond pas au contenu de l'événement"
    ) in err
    assert journaled in err
    try:
        assert main(["--lang", "en", "verify-journal", "--db", str(services.database.path)]) == 1
    finally:
        set_language(DEFAULT_LANGUAGE)
    err = capsys.readouterr().err
    assert f"event #{target.seq}: hash does not match the event content" in err
