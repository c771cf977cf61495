"""Reading and writing journal events in the ``events`` table.

``Journal.append`` writes this device's own events; ``ingest_events`` takes events made elsewhere
(another desk, a USB package, a desk pushing to the server). Both project the events in the same
transaction as the insert, so the tables never disagree with the journal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, select, tuple_
from sqlalchemy.exc import IntegrityError

from civodesk.clock import Clock
from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import Event, table_of
from civodesk.devices.identity import DeviceIdentity
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.journal.clock_offset import record_arrivals
from civodesk.journal.deferred import apply_deferring, apply_settling, retry_deferred
from civodesk.journal.event import (
    GENESIS_HASH,
    JournalEvent,
    JsonObject,
    canonical_json,
    compute_hash,
    personal_digest,
    salted_personal,
)
from civodesk.journal.handlers import HandlerContext, HandlerRegistry
from civodesk.journal.hlc import COUNTER_BITS, MAX_AHEAD_MS, HybridLogicalClock
from civodesk.journal.payload_schema import is_valid_id
from civodesk.meetings.meeting import FieldError, ValidationError

events_table = table_of(Event)

DEVICE_JOINED = "device.joined"


@dataclass(frozen=True)
class NewEvent:
    """An event this device is about to write; the journal fills in sequence, clocks and hashes."""

    type: str
    payload: JsonObject
    personal: JsonObject | None = None


class EventRefusedError(ValidationError):
    """An event this desk was about to write does not match its declared payload; nothing is
    written, and the message says which field and why (the server would refuse it too)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(
            [
                FieldError(
                    field,
                    _("Saisie refusée, rien n'a été enregistré : {reason}.").format(reason=reason),
                )
            ]
        )


def event_to_row(event: JournalEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "meeting_id": event.meeting_id,
        "device_id": event.device_id,
        "seq": event.seq,
        "device_time_ms": event.device_time_ms,
        "hlc": event.hlc,
        "type": event.type,
        "payload": canonical_json(event.payload),
        "personal": None if event.personal is None else canonical_json(event.personal),
        "personal_digest": event.personal_digest,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def row_to_event(row: Any) -> JournalEvent:
    return JournalEvent(
        event_id=row.event_id,
        meeting_id=row.meeting_id,
        device_id=row.device_id,
        seq=row.seq,
        device_time_ms=row.device_time_ms,
        hlc=row.hlc,
        type=row.type,
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
        personal=None if row.personal is None else json.loads(row.personal),
        personal_digest=row.personal_digest,
    )


def stream_head(conn: Connection, meeting_id: str, device_id: str) -> tuple[int, str]:
    """(last sequence number, last hash) of a stream; (0, genesis) when it is empty."""
    row = conn.execute(
        select(events_table.c.seq, events_table.c.hash)
        .where(events_table.c.meeting_id == meeting_id, events_table.c.device_id == device_id)
        .order_by(events_table.c.seq.desc())
        .limit(1)
    ).one_or_none()
    return (0, GENESIS_HASH) if row is None else (row.seq, row.hash)


def iter_events(
    conn: Connection, meeting_id: str | None = None, batch_size: int = 2000
) -> Iterator[JournalEvent]:
    """All events (of one meeting, or all) in causal order: HLC, then device, then sequence."""
    query = select(events_table).order_by(
        events_table.c.hlc, events_table.c.device_id, events_table.c.seq
    )
    if meeting_id is not None:
        query = query.where(events_table.c.meeting_id == meeting_id)
    result = conn.execution_options(yield_per=batch_size).execute(query)
    for row in result:
        yield row_to_event(row)


class Journal:
    """This device's writer. One per open database; thread-compatible, not thread-safe."""

    def __init__(self, device: DeviceIdentity, clock: Clock, registry: HandlerRegistry) -> None:
        self.device = device
        self.clock = clock
        self.registry = registry
        self._hlc: HybridLogicalClock | None = None

    def _clock_for(self, conn: Connection) -> HybridLogicalClock:
        """The HLC, moved past every event in the file (one indexed lookup per append).

        Another writer on the same file (a sync worker, the command line) may have stored events
        this Journal never saw; a new event must still sort after everything it could be based on,
        within the clock's bound. This device's own events are followed without bound, once, so
        its streams stay in causal order even after its clock was set back.
        """
        last = conn.execute(select(func.max(events_table.c.hlc))).scalar() or 0
        if self._hlc is None:
            own = conn.execute(
                select(func.max(events_table.c.hlc)).where(
                    events_table.c.device_id == self.device.device_id,
                    # not the edits stamped after a far-ahead base (``tick_after``)
                    events_table.c.hlc / (1 << COUNTER_BITS)
                    <= events_table.c.device_time_ms + MAX_AHEAD_MS,
                )
            ).scalar()
            self._hlc = HybridLogicalClock(self.clock, own or 0)
        self._hlc.observe(last)
        return self._hlc

    def observe(self, hlc: int) -> None:
        """Advance this device's clock past an event received from elsewhere."""
        if self._hlc is not None:
            self._hlc.observe(hlc)

    def append(
        self,
        conn: Connection,
        meeting_id: str,
        type: str,
        payload: JsonObject,
        personal: JsonObject | None = None,
    ) -> JournalEvent:
        return self.append_many(conn, meeting_id, [NewEvent(type, payload, personal)])[-1]

    def append_many(
        self, conn: Connection, meeting_id: str, new_events: Sequence[NewEvent]
    ) -> list[JournalEvent]:
        """Write events as the next entries of this device's stream for the meeting, and project.

        Must run inside the caller's write transaction: either all of them and their projections
        are committed, or none.
        """
        hlc = self._clock_for(conn)
        seq, prev_hash = stream_head(conn, meeting_id, self.device.device_id)
        if seq == 0:
            joined = NewEvent(
                DEVICE_JOINED,
                {
                    "public_key": self.device.public_key_b64,
                    "key_id": self.device.key_id,
                    "label": self.device.label,
                },
            )
            new_events = [joined, *new_events]
        written: list[JournalEvent] = []
        floors = _base_stamps(conn, meeting_id, new_events)
        for new in new_events:
            seq += 1
            personal = None if new.personal is None else salted_personal(new.personal)
            digest = personal_digest(personal)
            fields: dict[str, Any] = {
                "event_id": new_id(),
                "meeting_id": meeting_id,
                "device_id": self.device.device_id,
                "seq": seq,
                "device_time_ms": self.clock.now_ms(),
                "hlc": hlc.tick_after(floors.get(str(new.payload.get("base")), -1)),
                "type": new.type,
                "payload": new.payload,
                "personal_digest": digest,
                "prev_hash": prev_hash,
            }
            prev_hash = compute_hash(**fields)
            event = JournalEvent(**fields, hash=prev_hash, personal=personal)
            problem = self.registry.payload_problem(event)
            if problem is not None:
                raise EventRefusedError(problem.field, str(problem))
            written.append(event)
        conn.execute(events_table.insert(), [event_to_row(event) for event in written])
        self.registry.apply(HandlerContext(conn, "live"), written)
        return written


def _base_stamps(
    conn: Connection, meeting_id: str, new_events: Sequence[NewEvent]
) -> dict[str, int]:
    """The stamps of the versions these edits were based on (an edit must sort after its base)."""
    bases = {str(new.payload["base"]) for new in new_events if new.payload.get("base")}
    if not bases:
        return {}
    rows = conn.execute(
        select(events_table.c.event_id, events_table.c.hlc).where(
            events_table.c.meeting_id == meeting_id, events_table.c.event_id.in_(sorted(bases))
        )
    )
    return {row.event_id: row.hlc for row in rows}


class IngestStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class IngestProblem(StrEnum):
    """Why an event was rejected, for code (the sync server maps it to its protocol codes)."""

    INVALID_SEQUENCE = "invalid_sequence"
    PERSONAL_DIGEST_MISMATCH = "personal_digest_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    SEQUENCE_CONFLICT = "sequence_conflict"
    SEQUENCE_GAP = "sequence_gap"
    PREVIOUS_HASH_MISMATCH = "previous_hash_mismatch"
    INVALID_PAYLOAD = "invalid_payload"
    EVENT_ID_CONFLICT = "event_id_conflict"
    ID_CONFLICT = "id_conflict"


@dataclass(frozen=True)
class Misfit:
    """A rejected event's problem and the sentence (in the user's language) explaining it."""

    problem: IngestProblem
    reason: str


@dataclass(frozen=True)
class IngestOutcome:
    event_id: str
    status: IngestStatus
    reason: str = ""
    problem: IngestProblem | None = None


def event_misfit(event: JournalEvent) -> Misfit | None:
    """Why an event cannot be genuine on its own (None when it is self-consistent)."""
    if event.seq < 1:
        return Misfit(IngestProblem.INVALID_SEQUENCE, _("le numéro de séquence doit commencer à 1"))
    if event.personal is not None and personal_digest(event.personal) != event.personal_digest:
        return Misfit(
            IngestProblem.PERSONAL_DIGEST_MISMATCH,
            _("les données personnelles ne correspondent pas à leur empreinte"),
        )
    if event.computed_hash() != event.hash:
        return Misfit(
            IngestProblem.HASH_MISMATCH,
            _("l'empreinte ne correspond pas au contenu de l'événement"),
        )
    return None


def check_event(event: JournalEvent) -> str:
    """Why an event cannot be genuine on its own, as a sentence ("" when it is self-consistent)."""
    misfit = event_misfit(event)
    return misfit.reason if misfit else ""


def ingest_events(
    conn: Connection,
    events: Sequence[JournalEvent],
    registry: HandlerRegistry,
    journal: Journal | None = None,
    *,
    defer: bool = False,
) -> list[IngestOutcome]:
    """Store and project events made elsewhere, each at most once.

    Each event must extend its stream: the next sequence number, chained to the previous hash.
    An event already stored is a duplicate (a resend); a different event under a stored event's
    id is rejected as a conflict. One whose payload does not match its declaration, or that would
    create a row under an id its meeting already uses, is rejected before any handler runs. A
    rejected event's reason says why, and later events of the same stream are then rejected too
    (they would leave a gap).

    The events that fit are inserted in one statement. Should a concurrent writer store some of
    them meanwhile (possible only when the caller does not serialize writers per stream), the
    insert fails on a unique key, is rolled back to its savepoint, and the events are taken again
    one at a time against fresh stream heads.

    With ``defer`` (a desk receiving from the server or a package), an event whose projection
    the database refuses (it names a row this desk has not received) is stored anyway and set
    aside in ``civodesk.journal.deferred``, so the rest of its stream counts; set-aside events are
    tried again whenever events are accepted. Without it (the server) such a refusal propagates.
    Either way the batch is projected in clock order, and an event refused because what it names
    comes later in the batch is projected after it (``apply_settling``).
    """
    ordered = sorted(events, key=lambda e: (e.meeting_id, e.device_id, e.seq))
    screen = _Screen(registry, _taken_ids(conn, events, registry))
    known = _existing_hashes(conn, [event.event_id for event in events])
    outcomes, accepted = _walk_ingest(conn, ordered, known, screen, insert_each=False)
    if accepted:
        try:
            with conn.begin_nested():
                conn.execute(events_table.insert(), [event_to_row(event) for event in accepted])
        except IntegrityError:
            known = _existing_hashes(conn, [event.event_id for event in events])
            screen = _Screen(registry, _taken_ids(conn, events, registry))
            outcomes, accepted = _walk_ingest(conn, ordered, known, screen, insert_each=True)
    if journal is not None:
        for event in accepted:
            journal.observe(event.hlc)
        record_arrivals(conn, accepted, journal.clock.now_ms(), journal.device.device_id)
    accepted.sort(key=lambda e: (e.hlc, e.device_id, e.seq))
    if not defer:
        refused = apply_settling(HandlerContext(conn, "ingest"), registry, accepted)
        if refused:  # the database's own refusal propagates (the server answers "retry")
            registry.apply(HandlerContext(conn, "ingest"), refused)
    elif accepted:
        apply_deferring(HandlerContext(conn, "ingest"), registry, accepted)
        retry_deferred(conn, registry)
    by_id = {outcome.event_id: outcome for outcome in outcomes}
    return [by_id[event.event_id] for event in events]


def stream_misfit(event: JournalEvent, head_seq: int, head_hash: str) -> Misfit | None:
    """Why ``event`` cannot be the next one of a stream whose head is given (None when it can)."""
    misfit = event_misfit(event)
    if misfit is None and event.seq <= head_seq:
        misfit = Misfit(
            IngestProblem.SEQUENCE_CONFLICT,
            _("numéro {seq} déjà utilisé par un autre événement de cet appareil").format(
                seq=event.seq
            ),
        )
    elif misfit is None and event.seq != head_seq + 1:
        misfit = Misfit(
            IngestProblem.SEQUENCE_GAP,
            _("trou dans la séquence : n° {expected} attendu, n° {got} reçu").format(
                expected=head_seq + 1, got=event.seq
            ),
        )
    elif misfit is None and event.prev_hash != head_hash:
        misfit = Misfit(
            IngestProblem.PREVIOUS_HASH_MISMATCH,
            _("l'empreinte précédente ne correspond pas au dernier événement de cet appareil"),
        )
    return misfit


@dataclass
class _Screen:
    """The checks of an event's content made before its stream position: payload, created ids."""

    registry: HandlerRegistry
    taken: set[tuple[str, str, str]]
    """(table, meeting id, row id) of rows that exist, or that an earlier event of the batch makes."""

    def payload_misfit(self, event: JournalEvent) -> Misfit | None:
        problem = self.registry.payload_problem(event)
        if problem is not None:
            return Misfit(IngestProblem.INVALID_PAYLOAD, str(problem))
        return None

    def id_misfit(self, event: JournalEvent) -> Misfit | None:
        created = _created_row(event, self.registry)
        if created is not None and created in self.taken:
            return Misfit(
                IngestProblem.ID_CONFLICT,
                _("l'identifiant que cet événement crée existe déjà dans cette réunion"),
            )
        return None

    def accept(self, event: JournalEvent) -> None:
        created = _created_row(event, self.registry)
        if created is not None:
            self.taken.add(created)


def _created_row(event: JournalEvent, registry: HandlerRegistry) -> tuple[str, str, str] | None:
    schema = registry.schemas.get(event.type)
    if schema is None or schema.creates is None:
        return None
    table, id_field = schema.creates
    row_id = event.meeting_id if id_field is None else event.payload.get(id_field)
    if not (isinstance(row_id, str) and is_valid_id(row_id) and is_valid_id(event.meeting_id)):
        return None  # refused for its payload; never sent to the database
    return (table.name, event.meeting_id, row_id)


def _taken_ids(
    conn: Connection, events: Sequence[JournalEvent], registry: HandlerRegistry
) -> set[tuple[str, str, str]]:
    """Which of the rows these events would create exist already (valid payloads only)."""
    wanted: dict[str, set[tuple[str, str]]] = {}
    tables = {}
    for event in events:
        created = _created_row(event, registry)
        if created is not None:
            wanted.setdefault(created[0], set()).add(created[1:])
            tables[created[0]] = registry.schemas[event.type].creates[0]  # type: ignore[index]
    taken: set[tuple[str, str, str]] = set()
    for name, pairs in wanted.items():
        table = tables[name]
        meeting_column = table.c.meeting_id if "meeting_id" in table.c else table.c.id
        ordered = sorted(pairs)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            rows = conn.execute(
                select(meeting_column, table.c.id).where(
                    tuple_(meeting_column, table.c.id).in_(chunk)
                )
            ).all()
            taken.update((name, meeting_id, row_id) for meeting_id, row_id in rows)
    return taken


def _walk_ingest(
    conn: Connection,
    ordered: Sequence[JournalEvent],
    known: dict[str, str],
    screen: _Screen,
    insert_each: bool,
) -> tuple[list[IngestOutcome], list[JournalEvent]]:
    """Decide each event's outcome against the stored stream heads.

    With ``insert_each`` every accepted event is inserted at once, and one the database already
    holds (a concurrent writer stored it) counts as a duplicate; without it nothing is inserted
    and the caller inserts the accepted events in one statement.
    """
    outcomes: list[IngestOutcome] = []
    heads: dict[tuple[str, str], tuple[int, str]] = {}
    accepted: list[JournalEvent] = []
    for event in ordered:
        if event.event_id in known:
            if known[event.event_id] == event.hash:
                outcomes.append(IngestOutcome(event.event_id, IngestStatus.DUPLICATE))
            else:
                outcomes.append(_event_id_conflict(event))
            continue
        key = (event.meeting_id, event.device_id)
        misfit = screen.payload_misfit(event)
        if misfit is None:
            if key not in heads:
                heads[key] = stream_head(conn, *key)
            misfit = stream_misfit(event, *heads[key]) or screen.id_misfit(event)
        if misfit is not None:
            outcomes.append(
                IngestOutcome(event.event_id, IngestStatus.REJECTED, misfit.reason, misfit.problem)
            )
            continue
        if insert_each and not insert_ignoring_duplicates(
            conn, events_table, [event_to_row(event)]
        ):
            stored = _existing_hashes(conn, [event.event_id]).get(event.event_id)
            if stored == event.hash:
                outcomes.append(IngestOutcome(event.event_id, IngestStatus.DUPLICATE))
            else:
                outcomes.append(_event_id_conflict(event))
            continue
        heads[key] = (event.seq, event.hash)
        known[event.event_id] = event.hash
        screen.accept(event)
        accepted.append(event)
        outcomes.append(IngestOutcome(event.event_id, IngestStatus.ACCEPTED))
    return outcomes, accepted


def _event_id_conflict(event: JournalEvent) -> IngestOutcome:
    return IngestOutcome(
        event.event_id,
        IngestStatus.REJECTED,
        _("un autre événement porte déjà cet identifiant"),
        IngestProblem.EVENT_ID_CONFLICT,
    )


def _existing_hashes(conn: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    """Event id → hash of the stored events among ``event_ids`` (malformed ids are never stored)."""
    event_ids = [event_id for event_id in event_ids if is_valid_id(event_id)]
    found: dict[str, str] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        rows = conn.execute(
            select(events_table.c.event_id, events_table.c.hash).where(
                events_table.c.event_id.in_(chunk)
            )
        )
        found.update((row.event_id, row.hash) for row in rows)
    return found
