"""Push: events stored once, chains verified, projections applied, per-event answers."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from civodesk.db.schema import table_of
from civodesk.features import registry
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.ideas.tables import Idea
from civodesk.journal import store
from civodesk.journal.event import JournalEvent
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import (
    IngestProblem,
    IngestStatus,
    event_to_row,
    events_table,
    ingest_events,
)
from civodesk.participants.tables import Participant
from sync.batch_codec import decode_batch, encode_batch
from sync.protocol import RejectionCode
from sync.server.tables import meetings as server_meetings
from sync.server.tables import members, receipts
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import ServerApi

participants = table_of(Participant)
ideas = table_of(Idea)
DeskFactory = Callable[..., SyncDesk]


def _count(api: ServerApi, query: object) -> int:
    with api.database.read() as conn:
        return int(conn.execute(query).scalar_one())  # type: ignore[call-overload]


def test_push_accepts_stores_once_and_projects(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=40, idea_count=12)
    events = desk.events(meeting)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)

    answer = server_api.push(device, events)

    assert (answer.received, answer.accepted, answer.duplicate) == (len(events), len(events), 0)
    assert answer.rejected == []
    assert _count(server_api, select(func.count()).select_from(events_table)) == len(events)
    assert _count(server_api, select(func.count()).select_from(receipts)) == len(events)
    registered = select(func.count()).where(participants.c.meeting_id == meeting)
    assert _count(server_api, registered) == 40
    assert _count(server_api, select(func.count()).where(ideas.c.meeting_id == meeting)) == 12
    with server_api.database.read() as conn:
        assert meeting_fingerprint(conn, meeting) == desk.services.journal_tools.fingerprint(
            meeting
        )


def test_resending_a_batch_changes_nothing(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=10, idea_count=3)
    events = desk.events(meeting)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, events[:5])

    answer = server_api.push(device, events)  # the first five again, and the rest

    assert answer.accepted == len(events) - 5
    assert answer.duplicate == 5
    assert set(answer.duplicate_ids) == {e.event_id for e in events[:5]}
    again = server_api.push(device, events)
    assert (again.accepted, again.duplicate, again.rejected) == (0, len(events), [])
    assert _count(server_api, select(func.count()).select_from(events_table)) == len(events)
    assert _count(server_api, select(func.count()).select_from(receipts)) == len(events)
    registered = select(func.count()).where(participants.c.meeting_id == meeting)
    assert _count(server_api, registered) == 10


def test_a_gap_is_rejected_as_retryable_and_accepted_once_filled(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=10, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)

    answer = server_api.push(device, events[4:])

    assert answer.accepted == 0
    assert {r.code for r in answer.rejected} == {RejectionCode.SEQUENCE_GAP}
    assert all(r.retryable for r in answer.rejected)
    assert "n° 1 attendu, n° 5 reçu" in answer.rejected[0].reason
    assert server_api.push(device, events[:4]).accepted == 4
    assert server_api.push(device, events[4:]).accepted == len(events) - 4


def test_rejection_codes_do_not_depend_on_the_servers_language(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """The reason is a sentence in the server's language; the code comes from the core's problem."""
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=3, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    set_language("en")
    try:
        answer = server_api.push(device, events[2:])
    finally:
        set_language(DEFAULT_LANGUAGE)
    assert {r.code for r in answer.rejected} == {RejectionCode.SEQUENCE_GAP}
    assert answer.rejected[0].reason == "gap in sequence: expected #1, got #3"


def test_a_forked_stream_is_rejected_with_reasons(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A second history for the same stream (a restored backup) cannot overwrite the first."""
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=3, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, events)
    last = events[-1]
    forged_same_seq = _rehashed(dataclasses.replace(last, event_id=_other_id(last.event_id)))
    forged_next = _rehashed(
        dataclasses.replace(
            last, event_id=_other_id(last.event_id, 2), seq=last.seq + 1, prev_hash="f" * 64
        )
    )

    answer = server_api.push(device, [forged_same_seq])
    assert [r.code for r in answer.rejected] == [RejectionCode.SEQUENCE_CONFLICT]
    assert not answer.rejected[0].retryable
    answer = server_api.push(device, [forged_next])
    assert [r.code for r in answer.rejected] == [RejectionCode.PREVIOUS_HASH_MISMATCH]


def test_an_altered_event_fails_the_chain_and_the_rest_keeps_flowing(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    other = sync_desk_factory("buvette")
    meeting = fill_meeting(desk, participants=5, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    second_meeting = fill_meeting(other, participants=4, idea_count=0, seed=2)
    org = server_api.organization("Commune de Mana")
    device = server_api.enroll(org, desk.device_id)
    tampered = dataclasses.replace(events[3], payload={**events[3].payload, "commune": "Ailleurs"})

    answer = server_api.push(device, [*events[:3], tampered, *events[4:], *other.events()])

    by_code = {r.event_id: r.code for r in answer.rejected}
    assert set(by_code) == {e.event_id for e in events}  # the whole run of that stream
    assert set(by_code.values()) == {RejectionCode.CHAIN_MISMATCH}
    assert answer.accepted == len(other.events(second_meeting))


def test_personal_data_that_does_not_match_its_digest_is_rejected(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=2, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    person = next(e for e in events if e.personal)
    assert person.personal is not None
    # The name is swapped, the digest and hash kept: the core refuses it on its own...
    swapped = dataclasses.replace(person, personal={**person.personal, "last_name": "Autre"})
    with server_api.database.write() as conn:
        outcome = ingest_events(conn, [e for e in events if e.seq < person.seq], registry)
        assert {o.status for o in outcome} == {IngestStatus.ACCEPTED}
        (rejected,) = ingest_events(conn, [swapped], registry)
    assert rejected.status is IngestStatus.REJECTED
    assert rejected.problem is IngestProblem.PERSONAL_DIGEST_MISMATCH
    assert rejected.reason == "les données personnelles ne correspondent pas à leur empreinte"
    # ...and through the wire the same tampering changes the recomputed digest, hence the chain.
    answer = server_api.push(device, [swapped])
    assert [r.code for r in answer.rejected] == [RejectionCode.CHAIN_MISMATCH]


def test_a_meeting_belongs_to_the_first_pushers_organization(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=3, idea_count=0)
    events = desk.events(meeting)
    mana = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    intruder = server_api.enroll(server_api.organization("Commune d'Awala"), "intruder-device")
    server_api.push(mana, events[:2])

    answer = server_api.push(intruder, events)

    assert answer.accepted == 0
    assert {r.code for r in answer.rejected} == {RejectionCode.FOREIGN_MEETING}
    assert answer.duplicate == 0  # it is not even told which events the server holds
    assert _count(server_api, select(func.count()).select_from(events_table)) == 2


def test_a_push_with_nothing_accepted_does_not_claim_the_meeting(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=3, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    intruder = server_api.enroll(server_api.organization("Commune d'Awala"), "intruder-device")
    owner = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)

    assert server_api.push(intruder, events[2:]).accepted == 0  # a gap: nothing stored
    with server_api.database.read() as conn:
        assert conn.execute(select(server_meetings)).first() is None
    assert server_api.push(owner, events).accepted == len(events)


def test_concurrent_pushes_lose_and_duplicate_nothing(
    server_api_factory: Callable[..., ServerApi], sync_desk_factory: DeskFactory
) -> None:
    """Six desks push at once through two server instances (as behind a load balancer), each
    desk also resending the batches of a neighbour's meeting."""
    instances = [server_api_factory(rate_per_second=10_000.0, rate_burst=10_000) for _ in "ab"]
    server_api = instances[0]
    org = server_api.organization("Communauté de communes de l'Ouest guyanais")
    desks = [sync_desk_factory(f"desk-{n}") for n in range(6)]
    journals: list[list[JournalEvent]] = []
    for index, desk in enumerate(desks):
        meeting = fill_meeting(desk, participants=60, idea_count=20, seed=index)
        journals.append(desk.events(meeting))
    devices = [server_api.enroll(org, desk.device_id) for desk in desks]
    errors: list[BaseException] = []

    def push_all(index: int) -> None:
        try:
            mine = sorted(journals[index], key=lambda e: e.seq)
            neighbour = sorted(journals[(index + 1) % len(desks)], key=lambda e: e.seq)
            for start in range(0, max(len(mine), len(neighbour)), 25):
                for events in (mine[start : start + 25], neighbour[start : start + 25]):
                    if events:
                        answer = instances[index % 2].push(devices[index], events)
                        assert answer.rejected == [] or all(
                            r.code is RejectionCode.SEQUENCE_GAP for r in answer.rejected
                        )
        except BaseException as error:  # reported in the main thread
            errors.append(error)

    threads = [threading.Thread(target=push_all, args=(n,)) for n in range(len(desks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected = {e.event_id for journal in journals for e in journal}
    with server_api.database.read() as conn:
        stored = list(conn.execute(select(events_table.c.event_id)).scalars())
        receipt_ids = list(conn.execute(select(receipts.c.event_id)).scalars())
        sequence = sorted(conn.execute(select(receipts.c.receive_seq)).scalars())
        # A relay that comes to take part in a meeting takes a position of its own (its backfill).
        joins = sorted(
            conn.execute(select(members.c.since_seq).where(members.c.since_seq > 0)).scalars()
        )
    assert sorted(stored) == sorted(expected)
    assert sorted(receipt_ids) == sorted(expected)
    assert sorted(sequence + joins) == list(range(1, len(expected) + len(joins) + 1))


def test_ingest_falls_back_to_one_at_a_time_when_a_concurrent_writer_won(
    server_api: ServerApi, sync_desk_factory: DeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the bulk insert another writer stored one of the events."""
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=4, idea_count=0)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    real_walk = store._walk_ingest

    def plan_then_race(conn: Connection, *args: Any, insert_each: bool) -> Any:
        walked = real_walk(conn, *args, insert_each=insert_each)
        if not insert_each:  # after planning, before the bulk insert
            conn.execute(events_table.insert(), [event_to_row(events[2])])  # the other writer
        return walked

    with server_api.database.write() as conn:
        ingest_events(conn, events[:2], registry)
    monkeypatch.setattr(store, "_walk_ingest", plan_then_race)
    with server_api.database.write() as conn:
        outcomes = ingest_events(conn, events[2:], registry)
    statuses = {o.event_id: o.status for o in outcomes}
    assert statuses[events[2].event_id] is IngestStatus.DUPLICATE
    assert all(statuses[e.event_id] is IngestStatus.ACCEPTED for e in events[3:])
    assert _count(server_api, select(func.count()).select_from(events_table)) == len(events)


def test_a_batch_from_the_codec_round_trips_every_field(sync_desk_factory: DeskFactory) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=5, idea_count=2)
    events = desk.events(meeting)
    decoded = decode_batch(encode_batch(events))
    assert decoded.broken_runs == []
    assert sorted(decoded.events, key=lambda e: e.event_id) == sorted(
        events, key=lambda e: e.event_id
    )


def _other_id(event_id: str, digit: int = 1) -> str:
    return event_id[:-1] + ("0" if event_id[-1] != "0" else str(digit))


def _rehashed(event: JournalEvent) -> JournalEvent:
    return dataclasses.replace(event, hash=event.computed_hash())


def test_events_needing_another_devices_events_wait_for_them(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A second desk pushes its registrations before the desk that created the meeting."""
    org = server_api.organization("Commune de Mana")
    creator, helper = sync_desk_factory("creator"), sync_desk_factory("helper")
    meeting = fill_meeting(creator, participants=3, idea_count=0)
    with helper.services.database.write() as conn:
        ingest_events(conn, creator.events(), registry, helper.services.journal)
    fill_meeting(helper, meeting_id=meeting, participants=4, idea_count=2, seed=4)
    helper_own = [e for e in helper.events() if e.device_id == helper.device_id]
    helper_device = server_api.enroll(org, helper.device_id)

    early = server_api.push(helper_device, helper_own)

    assert early.accepted == 0
    assert {r.code for r in early.rejected} == {RejectionCode.MISSING_DEPENDENCY}
    assert all(r.retryable for r in early.rejected)
    with server_api.database.read() as conn:  # nothing half-written, not even the claim
        assert conn.execute(select(server_meetings)).first() is None
    # Both streams in one batch, the dependent one first: the server orders them itself.
    both = server_api.push(helper_device, [*helper_own, *creator.events()])
    assert both.rejected == []
    assert both.accepted == len(helper.events())
    registered = select(func.count()).where(participants.c.meeting_id == meeting)
    assert _count(server_api, registered) == 7
