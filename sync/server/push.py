"""Receiving a desk's events: meeting ownership, the core's ingest, and receive sequence numbers.

One write transaction per push. On PostgreSQL it first locks the rows of the batch's meetings (in
id order, so two pushes never deadlock), which serializes pushes touching the same meeting: stream
heads and last-writer-wins projections are then read and written by one push at a time, even
across server processes. Accepted events get the next numbers of the organization's receive
counter, whose row lock is held until commit, so receipts become visible in number order and a
pull cursor never passes over a receipt still being written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Connection, delete, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from civodesk.journal.certificates import CertificateKind
from civodesk.journal.event import GENESIS_HASH, JournalEvent
from civodesk.journal.handlers import HandlerRegistry
from civodesk.journal.payload_schema import envelope_problem
from civodesk.journal.signing import store_signed_heads, stored_heads
from civodesk.journal.store import (
    IngestOutcome,
    IngestProblem,
    IngestStatus,
    ingest_events,
    stream_misfit,
)
from civodesk.journal.stream_trust import group_streams
from sync.batch_codec import DecodedBatch
from sync.protocol import RETRYABLE_REJECTIONS, PushResponse, RejectedEvent, RejectionCode
from sync.server.auth import AuthenticatedDevice
from sync.server.certify import Authorized, authorize_streams, certify
from sync.server.clock import utc_now
from sync.server.db import ServerDatabase
from sync.server.meeting_binding import bind_meetings
from sync.server.members import NOT_JOINED_REASON, Admission, add_memberships, admit
from sync.server.tables import meetings, organizations, receipts

logger = logging.getLogger("civodesk.server")

FOREIGN_MEETING_REASON = "this meeting cannot receive events from this organization"
UNBOUND_MEETING_REASON = (
    "the server has not received this meeting's creation (meeting.created) yet; push the events "
    "of the device that created it first"
)
REFUSED_BY_DATABASE_REASON = "the server's database cannot store these events as they are"
BROKEN_RUN_REASON = (
    "the events' recomputed hash chain does not end on the hash the desk sent: "
    "an event was altered or is missing"
)

MISSING_DEPENDENCY_REASON = (
    "these events refer to a meeting, participant or item created by another device's events "
    "that the server has not received yet; push those first"
)

# The core's rejection problems mapped to protocol codes; the others mean an invalid event.
PROBLEM_CODES = {
    IngestProblem.EVENT_ID_CONFLICT: RejectionCode.EVENT_ID_CONFLICT,
    IngestProblem.ID_CONFLICT: RejectionCode.ID_CONFLICT,
    IngestProblem.SEQUENCE_GAP: RejectionCode.SEQUENCE_GAP,
    IngestProblem.SEQUENCE_CONFLICT: RejectionCode.SEQUENCE_CONFLICT,
    IngestProblem.PREVIOUS_HASH_MISMATCH: RejectionCode.PREVIOUS_HASH_MISMATCH,
}


def rejection_code(problem: IngestProblem | None) -> RejectionCode:
    if problem is None:
        return RejectionCode.INVALID_EVENT
    return PROBLEM_CODES.get(problem, RejectionCode.INVALID_EVENT)


def _rejected(event_id: str, code: RejectionCode, reason: str) -> RejectedEvent:
    return RejectedEvent(
        event_id=event_id, code=code, reason=reason, retryable=code in RETRYABLE_REJECTIONS
    )


def _record_receipts(
    conn: Connection, device: AuthenticatedDevice, accepted: Sequence[JournalEvent]
) -> None:
    if not accepted:
        return
    last = conn.execute(
        update(organizations)
        .where(organizations.c.id == device.organization_id)
        .values(last_receive_seq=organizations.c.last_receive_seq + len(accepted))
        .returning(organizations.c.last_receive_seq)
    ).scalar_one()
    first = last - len(accepted) + 1
    conn.execute(
        receipts.insert(),
        [
            {
                "organization_id": device.organization_id,
                "receive_seq": first + offset,
                "event_id": event.event_id,
                "meeting_id": event.meeting_id,
                "author_device_id": event.device_id,
                "pusher_device_id": device.device_id,
            }
            for offset, event in enumerate(accepted)
        ],
    )


def _ingest_in_dependency_order(
    conn: Connection, events: Sequence[JournalEvent], registry: HandlerRegistry
) -> tuple[list[IngestOutcome], list[RejectedEvent]]:
    """Ingest, and when a projection refers to a row another stream creates, retry per stream.

    A desk may push its own events of a meeting before the events (of another device) that
    create the meeting or a participant they refer to. Each stream is then tried on its own, in
    rounds, until no more fit; the rest is rejected as retryable so the desk pushes it later.
    """
    try:
        with conn.begin_nested():
            return ingest_events(conn, events, registry), []
    except IntegrityError:
        pass
    except DBAPIError as error:
        _raise_if_outage(error)
    streams: dict[tuple[str, str], list[JournalEvent]] = {}
    for event in sorted(events, key=lambda e: e.hlc):
        streams.setdefault((event.meeting_id, event.device_id), []).append(event)
    pending = list(streams.values())
    outcomes: list[IngestOutcome] = []
    rejected: list[RejectedEvent] = []
    progress = True
    while pending and progress:
        progress = False
        waiting = []
        for stream in pending:
            try:
                with conn.begin_nested():
                    outcomes += ingest_events(conn, stream, registry)
                progress = True
            except IntegrityError:
                waiting.append(stream)
            except DBAPIError as error:
                _raise_if_outage(error)
                rejected += _refused_by_database(stream, error)
    rejected += [
        _rejected(event.event_id, RejectionCode.MISSING_DEPENDENCY, MISSING_DEPENDENCY_REASON)
        for stream in pending
        for event in stream
    ]
    return outcomes, rejected


def _unbound_rejections(
    events: Sequence[JournalEvent], registry: HandlerRegistry
) -> list[RejectedEvent]:
    """Events of a meeting no push has bound: refused as ingest would refuse them (a payload that
    fails its schema, a gap: the server holds none of the meeting's events); the others wait."""
    heads: dict[tuple[str, str], tuple[int, str]] = {}
    rejected = []
    for event in sorted(events, key=lambda e: (e.meeting_id, e.device_id, e.seq)):
        key = (event.meeting_id, event.device_id)
        problem = registry.payload_problem(event)
        if problem is not None:
            rejected.append(_rejected(event.event_id, RejectionCode.INVALID_EVENT, str(problem)))
            continue
        misfit = stream_misfit(event, *heads.get(key, (0, GENESIS_HASH)))
        if misfit is None:
            heads[key] = (event.seq, event.hash)
            rejected.append(
                _rejected(event.event_id, RejectionCode.MISSING_DEPENDENCY, UNBOUND_MEETING_REASON)
            )
        else:
            rejected.append(
                _rejected(event.event_id, rejection_code(misfit.problem), misfit.reason)
            )
    return rejected


def _raise_if_outage(error: DBAPIError) -> None:
    """A lost connection is the server's problem (503, retry); anything else is the data's."""
    if isinstance(error, OperationalError | InterfaceError) or error.connection_invalidated:
        raise error


def _refused_by_database(stream: Sequence[JournalEvent], error: DBAPIError) -> list[RejectedEvent]:
    """A stream the database refused although its payloads passed their schemas: refuse it for
    good, never with a 5xx, and log the error class only (its text may quote a value)."""
    logger.warning(
        "database refused a stream of %d events: %s", len(stream), type(error.orig).__name__
    )
    return [
        _rejected(event.event_id, RejectionCode.INVALID_EVENT, REFUSED_BY_DATABASE_REASON)
        for event in stream
    ]


def push_events(
    database: ServerDatabase,
    device: AuthenticatedDevice,
    batch: DecodedBatch,
    registry: HandlerRegistry,
) -> PushResponse:
    rejected = [
        _rejected(event_id, RejectionCode.CHAIN_MISMATCH, BROKEN_RUN_REASON)
        for run in batch.broken_runs
        for event_id in run
    ]
    well_formed = []
    for event in batch.events:
        problem = envelope_problem(event)
        if problem is None:
            well_formed.append(event)
        else:
            rejected.append(_rejected(event.event_id, RejectionCode.INVALID_EVENT, str(problem)))
    with database.write() as conn:
        binding = bind_meetings(conn, device, well_formed)
        own, claimed = binding.own, binding.claimed
        for event in well_formed:
            if event.meeting_id in binding.foreign:
                rejected.append(
                    _rejected(event.event_id, RejectionCode.FOREIGN_MEETING, FOREIGN_MEETING_REASON)
                )
        rejected += _unbound_rejections(
            [event for event in well_formed if event.meeting_id in binding.unbound], registry
        )
        in_own = [event for event in well_formed if event.meeting_id in own]
        authorized, admission, outcomes, waiting = _ingest_signed(
            conn, device, in_own, batch, registry
        )
        rejected += [
            _rejected(
                event_id,
                RejectionCode.FOREIGN_DEVICE if refusal.foreign else RejectionCode.UNSIGNED_STREAM,
                refusal.reason,
            )
            for refusal in authorized.refused
            for event_id in refusal.event_ids
        ]
        rejected += [
            _rejected(event_id, RejectionCode.NOT_JOINED, NOT_JOINED_REASON)
            for event_id in admission.refused
        ]
        mine = admission.events
        rejected += waiting
        by_id = {event.event_id: event for event in mine}
        accepted = [by_id[o.event_id] for o in outcomes if o.status is IngestStatus.ACCEPTED]
        _keep_signatures(conn, device, authorized, outcomes)
        unused = claimed - {event.meeting_id for event in accepted}
        if unused:  # nothing of these meetings got in: do not let garbage claim a meeting id
            conn.execute(delete(meetings).where(meetings.c.meeting_id.in_(sorted(unused))))
        _record_receipts(conn, device, accepted)
        held = {
            by_id[o.event_id].meeting_id for o in outcomes if o.status is not IngestStatus.REJECTED
        }
        add_memberships(
            conn,
            device,
            {m: reason for m, reason in admission.reasons.items() if m in held},
            fresh=claimed,
        )
    return _response(batch, outcomes, rejected, len(accepted))


def _ingest_signed(
    conn: Connection,
    device: AuthenticatedDevice,
    events: Sequence[JournalEvent],
    batch: DecodedBatch,
    registry: HandlerRegistry,
) -> tuple[Authorized, Admission, list[IngestOutcome], list[RejectedEvent]]:
    """Ingest the signed part of each stream, so that every stored event is under a stored head;
    only the streams of meetings the pusher takes part in (``admit``) are ingested.

    Ingest may refuse an event in the middle of a stream (its payload, an id taken): the events
    before it would then be stored while the head that signs them, further on, is not. Such a
    stream is cut at its first refused event and its signature checked again, on the cut stream,
    against the batch's heads and those the server keeps: it is taken only up to the last signed
    head before the refusal, and the events between that head and the refusal are refused.
    """
    candidates = list(events)
    heads = list(batch.heads)
    set_aside: list[RejectedEvent] = []
    while True:
        authorized = authorize_streams(conn, device.organization_id, candidates, heads)
        admission = admit(conn, device, authorized.events)
        savepoint = conn.begin_nested()
        outcomes, waiting = _ingest_in_dependency_order(conn, admission.events, registry)
        cut = _uncovered_tails(authorized, outcomes)
        if not cut:
            savepoint.commit()
            return authorized, admission, outcomes, waiting + set_aside
        savepoint.rollback()
        by_id = {outcome.event_id: outcome for outcome in outcomes}
        set_aside += [
            _rejected(
                event.event_id,
                rejection_code(by_id[event.event_id].problem),
                by_id[event.event_id].reason,
            )
            for event in cut
        ]
        dropped = {event.event_id for event in cut}
        candidates = [event for event in candidates if event.event_id not in dropped]
        for meeting_id, device_id in {(event.meeting_id, event.device_id) for event in cut}:
            heads += stored_heads(conn, meeting_id, device_id)


def _uncovered_tails(
    authorized: Authorized, outcomes: Sequence[IngestOutcome]
) -> list[JournalEvent]:
    """Of each stream whose newly accepted events do not end on a signed head, the events from
    its first refused one on (all refused by ingest: a refusal stops the rest of its stream)."""
    status = {outcome.event_id: outcome.status for outcome in outcomes}
    signed = {(h.meeting_id, h.device_id, h.seq) for h in authorized.heads}
    tails: list[JournalEvent] = []
    for (meeting_id, device_id), stream in group_streams(authorized.events).items():
        accepted = [e.seq for e in stream if status.get(e.event_id) is IngestStatus.ACCEPTED]
        if accepted and (meeting_id, device_id, max(accepted)) not in signed:
            tails += [e for e in stream if status.get(e.event_id) is IngestStatus.REJECTED]
    return tails


def _keep_signatures(
    conn: Connection,
    device: AuthenticatedDevice,
    authorized: Authorized,
    outcomes: Sequence[IngestOutcome],
) -> None:
    """Keep the signed heads the server now holds, and certify relayed devices that got in."""
    held = {o.event_id for o in outcomes if o.status is not IngestStatus.REJECTED}
    held_streams = {(e.meeting_id, e.device_id) for e in authorized.events if e.event_id in held}
    held_seqs = {
        (e.meeting_id, e.device_id, e.seq) for e in authorized.events if e.event_id in held
    }
    store_signed_heads(
        conn, [h for h in authorized.heads if (h.meeting_id, h.device_id, h.seq) in held_seqs]
    )
    now_ms = int(utc_now().timestamp() * 1000)
    for device_id, public_key, label in authorized.vouch:
        if any(stream[1] == device_id for stream in held_streams):
            certify(
                conn,
                organization_id=device.organization_id,
                organization_name=device.organization_name,
                device_id=device_id,
                public_key=public_key,
                label=label,
                kind=CertificateKind.VOUCHED,
                now_ms=now_ms,
            )


def _response(
    batch: DecodedBatch,
    outcomes: Sequence[IngestOutcome],
    rejected: list[RejectedEvent],
    accepted_count: int,
) -> PushResponse:
    duplicates = [o.event_id for o in outcomes if o.status is IngestStatus.DUPLICATE]
    rejected += [
        _rejected(o.event_id, rejection_code(o.problem), o.reason)
        for o in outcomes
        if o.status is IngestStatus.REJECTED
    ]
    received = len(batch.events) + sum(len(run) for run in batch.broken_runs)
    return PushResponse(
        received=received,
        accepted=accepted_count,
        duplicate=len(duplicates),
        duplicate_ids=duplicates,
        rejected=rejected,
    )
