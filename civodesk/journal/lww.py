"""Last-writer-wins fields and the detection of concurrent edits.

Each editable row keeps, per field, the stamp of the edit that set it; an edit changes a field only
if its stamp is larger. Stamps are HLCs corrected by the device's journaled clock offset
(``clock_offset.lww_stamp``), so a fast clock does not win concurrent edits. The outcome is thus independent of arrival order (the deterministic rule).

Every edit names the version (event id) it was based on. Two edits are *concurrent* when neither is
an ancestor of the other through those base links: their authors did not see each other's change.
When concurrent edits set the same field to different values, a ``conflicts`` row records the winner
and the loser so a person can review it. Nothing is dropped: the losing edit stays in the journal
and its value is in the conflict row.

Every lookup is confined to the event's meeting: ids travel in payloads (and in badge QR codes), so
an event of one meeting naming a row of another must change nothing there, nor count as an edit of
it when conflicts are looked for. The edit stays in the journal, harmlessly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, bindparam, delete, select, update

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import Conflict, EntityEdit, table_of
from civodesk.journal.clock_offset import lww_stamp
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext

HEAD = "_head"

edits_table = table_of(EntityEdit)
conflicts_table = table_of(Conflict)


def _meeting_column(table: Table) -> ColumnElement[str]:
    return table.c.meeting_id if "meeting_id" in table.c else table.c.id


def _in_meeting(table: Table, meeting_id: str) -> ColumnElement[bool]:
    """Rows of ``table`` that belong to the meeting (the meetings table is keyed by it)."""
    return _meeting_column(table) == meeting_id


def initial_stamps(context: HandlerContext, event: JournalEvent, fields: Mapping[str, Any]) -> str:
    stamp = lww_stamp(context, event)
    return canonical_json({**dict.fromkeys(fields, stamp), HEAD: stamp})


@dataclass(frozen=True)
class Edit:
    """One edit of an entity, as ``apply_edits`` takes it."""

    event: JournalEvent
    entity_id: str
    changes: Mapping[str, Any]
    base: str | None


@dataclass(frozen=True)
class _Recorded:
    """An edit of the entity already recorded (a row of ``entity_edits``, or one of this run)."""

    event_id: str
    base: str | None
    changes: str
    stamp: str


def apply_edit(
    context: HandlerContext,
    event: JournalEvent,
    table: Table,
    entity_type: str,
    entity_id: str,
    changes: Mapping[str, Any],
    base: str | None,
) -> None:
    """Record an edit, flag conflicts with concurrent edits, and apply it field by field."""
    apply_edits(context, table, entity_type, [Edit(event, entity_id, changes, base)])


def apply_edits(
    context: HandlerContext, table: Table, entity_type: str, edits: Sequence[Edit]
) -> None:
    """``apply_edit`` for a run of edits, in order, with a handful of statements for the run.

    The entities' recorded edits and stamps are read once (500 entities per query), each edit is
    decided in memory against what the earlier ones of the run left, and the records and the
    rows' new fields are written at the end (one update per entity, sent as one executemany):
    a server ingesting a meeting's hundreds of edits no longer makes four round trips for each.
    """
    if not edits:
        return
    conn = context.conn
    keys = sorted({(edit.event.meeting_id, edit.entity_id) for edit in edits})
    history = _recorded_edits(conn, entity_type, keys)
    rows = _stored_stamps(conn, table, keys)
    records: list[dict[str, Any]] = []
    changed: dict[tuple[str, str], dict[str, Any]] = {}
    for edit in edits:
        event = edit.event
        key = (event.meeting_id, edit.entity_id)
        stamp = lww_stamp(context, event)
        changes_json = canonical_json(dict(edit.changes))
        records.append(
            {
                "event_id": event.event_id,
                "meeting_id": event.meeting_id,
                "entity_type": entity_type,
                "entity_id": edit.entity_id,
                "base": edit.base,
                "changes": changes_json,
                "stamp": stamp,
            }
        )
        others = history.setdefault(key, [])
        if others:
            bases: dict[str, str | None] = {other.event_id: other.base for other in others}
            bases[event.event_id] = edit.base
            _flag_conflicts(
                context, event, stamp, entity_type, edit.entity_id, edit.changes, bases, others
            )
            if context.may_be_out_of_order:
                _drop_settled_conflicts(
                    context, event.meeting_id, entity_type, edit.entity_id, bases
                )
        others.append(_Recorded(event.event_id, edit.base, changes_json, stamp))
        stamps = rows.get(key)
        if stamps is not None:
            changed.setdefault(key, {}).update(
                _newer_fields(stamps, event.event_id, stamp, edit.changes)
            )
    conn.execute(edits_table.insert(), records)
    _write_fields(
        conn,
        table,
        [
            (
                meeting_id,
                entity_id,
                {**values, "stamps": canonical_json(rows[meeting_id, entity_id])},
            )
            for (meeting_id, entity_id), values in changed.items()
        ],
    )


def _recorded_edits(
    conn: Connection, entity_type: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[_Recorded]]:
    """(meeting id, entity id) → the edits recorded for it, oldest insert first."""
    wanted = set(keys)
    entity_ids = sorted({entity_id for _meeting_id, entity_id in keys})
    found: dict[tuple[str, str], list[_Recorded]] = {}
    for start in range(0, len(entity_ids), 500):
        rows = conn.execute(
            select(edits_table).where(
                edits_table.c.entity_type == entity_type,
                edits_table.c.entity_id.in_(entity_ids[start : start + 500]),
            )
        )
        for row in rows:
            if (row.meeting_id, row.entity_id) in wanted:
                found.setdefault((row.meeting_id, row.entity_id), []).append(
                    _Recorded(row.event_id, row.base, row.changes, row.stamp)
                )
    return found


def _stored_stamps(
    conn: Connection, table: Table, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, str]]:
    """(meeting id, entity id) → the row's field stamps, for the rows the meetings have."""
    wanted = set(keys)
    meeting_column = _meeting_column(table)
    entity_ids = sorted({entity_id for _meeting_id, entity_id in keys})
    found: dict[tuple[str, str], dict[str, str]] = {}
    for start in range(0, len(entity_ids), 500):
        rows = conn.execute(
            select(meeting_column.label("meeting"), table.c.id, table.c.stamps).where(
                table.c.id.in_(entity_ids[start : start + 500])
            )
        )
        for row in rows:
            if (row.meeting, row.id) in wanted:
                found[row.meeting, row.id] = json.loads(row.stamps)
    return found


def _newer_fields(
    stamps: dict[str, str], event_id: str, stamp: str, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The fields whose stored stamp is older than ``stamp`` (``stamps`` is updated)."""
    values: dict[str, Any] = {
        name: value for name, value in changes.items() if stamp > stamps.get(name, "")
    }
    stamps.update(dict.fromkeys(values, stamp))
    if stamp > stamps.get(HEAD, ""):
        stamps[HEAD] = stamp
        values["version"] = event_id
    return values


def _write_fields(
    conn: Connection, table: Table, updates: Sequence[tuple[str, str, dict[str, Any]]]
) -> None:
    """Update rows by (meeting id, entity id): one executemany per set of columns."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for meeting_id, entity_id, values in updates:
        row = {f"v_{name}": value for name, value in values.items()}
        row.update(w_meeting=meeting_id, w_id=entity_id)
        by_columns.setdefault(tuple(sorted(values)), []).append(row)
    for columns, params in by_columns.items():
        statement = (
            update(table)
            .where(
                table.c.id == bindparam("w_id"), _meeting_column(table) == bindparam("w_meeting")
            )
            .values({name: bindparam(f"v_{name}") for name in columns})
        )
        conn.execute(statement, params)


def apply_fields(
    context: HandlerContext,
    table: Table,
    meeting_id: str,
    entity_id: str,
    event_id: str,
    stamp: str,
    changes: Mapping[str, Any],
) -> bool:
    """Set each field whose stored stamp is older than the event's.

    False if the meeting has no such row (absent, or a row of another meeting).
    """
    in_this_meeting = (table.c.id == entity_id, _in_meeting(table, meeting_id))
    row = context.conn.execute(select(table.c.stamps).where(*in_this_meeting)).one_or_none()
    if row is None:
        return False
    stamps: dict[str, str] = json.loads(row.stamps)
    values = _newer_fields(stamps, event_id, stamp, changes)
    values["stamps"] = canonical_json(stamps)
    context.conn.execute(update(table).where(*in_this_meeting).values(**values))
    return True


def replay_pending_edits(
    context: HandlerContext, table: Table, entity_type: str, entity_id: str
) -> None:
    """Apply edits that came before the entity's creation (events from elsewhere, a rebuild)."""
    replay_pending_edits_many(context, table, entity_type, [entity_id])


def replay_pending_edits_many(
    context: HandlerContext, table: Table, entity_type: str, entity_ids: Sequence[str]
) -> set[tuple[str, str]]:
    """``replay_pending_edits`` for many new entities, with one query per 500 of them.

    Returns the (meeting id, entity id) of those that had edits waiting, so a handler can refresh
    what it derives from the edited fields.
    """
    replayed: set[tuple[str, str]] = set()
    if not context.may_be_out_of_order:
        return replayed
    for start in range(0, len(entity_ids), 500):
        pending = context.conn.execute(
            select(edits_table).where(
                edits_table.c.entity_type == entity_type,
                edits_table.c.entity_id.in_(entity_ids[start : start + 500]),
            )
        ).all()
        for edit in pending:
            apply_fields(
                context,
                table,
                edit.meeting_id,
                edit.entity_id,
                edit.event_id,
                edit.stamp,
                json.loads(edit.changes),
            )
            replayed.add((edit.meeting_id, edit.entity_id))
    return replayed


def _ancestors(start: str | None, bases: Mapping[str, str | None]) -> set[str]:
    seen: set[str] = set()
    current = start
    while current is not None and current not in seen:
        seen.add(current)
        current = bases.get(current)
    return seen


def _flag_conflicts(
    context: HandlerContext,
    event: JournalEvent,
    stamp: str,
    entity_type: str,
    entity_id: str,
    changes: Mapping[str, Any],
    bases: Mapping[str, str | None],
    others: Sequence[Any],
) -> None:
    mine = _ancestors(event.event_id, bases)
    rows = []
    for other in others:
        if other.event_id in mine or event.event_id in _ancestors(other.event_id, bases):
            continue
        their_changes = json.loads(other.changes)
        for name in sorted(set(changes) & set(their_changes)):
            if changes[name] == their_changes[name]:
                continue
            pairs = [(stamp, event.event_id, changes[name])]
            pairs.append((other.stamp, other.event_id, their_changes[name]))
            pairs.sort(reverse=True)
            (_, winner_id, winner_value), (_, loser_id, loser_value) = pairs
            key = "|".join([*sorted([winner_id, loser_id]), name])
            rows.append(
                {
                    "id": hashlib.sha256(key.encode()).hexdigest(),
                    "meeting_id": event.meeting_id,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "field": name,
                    "winner_event_id": winner_id,
                    "loser_event_id": loser_id,
                    "winner_value": canonical_json(winner_value),
                    "loser_value": canonical_json(loser_value),
                    "resolved_event_id": None,
                }
            )
    insert_ignoring_duplicates(context.conn, conflicts_table, rows)


def _drop_settled_conflicts(
    context: HandlerContext,
    meeting_id: str,
    entity_type: str,
    entity_id: str,
    bases: Mapping[str, str | None],
) -> None:
    """Forget conflicts between edits now known to be sequential.

    Events from different desks can arrive in any order: an edit may come before the edit it was
    based on, and then looks concurrent with that edit's ancestors. Once the missing link arrives
    the pair is sequential after all, and every desk must end with the same conflicts.
    """
    flagged = context.conn.execute(
        select(
            conflicts_table.c.id,
            conflicts_table.c.winner_event_id,
            conflicts_table.c.loser_event_id,
        ).where(
            conflicts_table.c.meeting_id == meeting_id,
            conflicts_table.c.entity_type == entity_type,
            conflicts_table.c.entity_id == entity_id,
        )
    ).all()
    settled = [
        row.id
        for row in flagged
        if row.winner_event_id in _ancestors(row.loser_event_id, bases)
        or row.loser_event_id in _ancestors(row.winner_event_id, bases)
    ]
    if settled:
        context.conn.execute(delete(conflicts_table).where(conflicts_table.c.id.in_(settled)))
