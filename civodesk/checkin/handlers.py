"""Badges, scans, attendance and proxies, projected from the check-in desk's events.

Attendance is recomputed per person from all their movements in causal order
(``civodesk.checkin.presence``), so two desks checking people in concurrently converge on the same
table, with later duplicate check-ins flagged on both.

Only a participant registered in the event's meeting gets attendance there, and every row is
looked up within that meeting: participant ids are printed on badges, so a scan or a proxy event
of one meeting naming another meeting's participant or proxy must change nothing of that meeting.
A scan can reach a desk before the registration it refers to; the registration then recomputes the
presence (``recompute_presence_of_registered``), so the outcome does not depend on arrival order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from civodesk.checkin.presence import CHECK_IN, CHECK_OUT, Movement, replay
from civodesk.checkin.tables import Attendance, Badge, Proxy, Scan
from civodesk.db.schema import table_of
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.participants.tables import Participant

BADGE_ISSUED = "badge.issued"
BADGE_REVOKED = "badge.revoked"
CHECKIN_SCANNED = "checkin.scanned"
CHECKED_OUT = "checkin.checked_out"
CHECKIN_CANCELLED = "checkin.cancelled"
PROXY_GRANTED = "proxy.granted"
PROXY_REVOKED = "proxy.revoked"

badges_table = table_of(Badge)
scans_table = table_of(Scan)
attendance_table = table_of(Attendance)
proxies_table = table_of(Proxy)
_participants = table_of(Participant)
registry.own_tables(badges_table, scans_table, attendance_table, proxies_table)


@registry.on_batch(BADGE_ISSUED)
def _badges_issued(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    context.conn.execute(
        badges_table.insert(),
        [
            {
                "meeting_id": event.meeting_id,
                "participant_id": event.payload["participant_id"],
                "serial": event.payload["serial"],
                "token": event.payload["token"],
                "manual_code": event.payload["manual_code"],
                "key_id": event.payload["key_id"],
                "issued_on": event.payload["issued_on"],
                "device_id": event.device_id,
                "issued_hlc": event.hlc,
                "revoked": False,
            }
            for event in events
        ],
    )


@registry.on(BADGE_REVOKED)
def _badge_revoked(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        update(badges_table)
        .where(
            badges_table.c.meeting_id == event.meeting_id,
            badges_table.c.participant_id == event.payload["participant_id"],
            badges_table.c.serial == event.payload["serial"],
            # Older revocations named the serial alone (serials were per person then).
            *(
                [badges_table.c.device_id == event.payload["device_id"]]
                if "device_id" in event.payload
                else []
            ),
        )
        .values(revoked=True)
    )


def _scan_row(event: JournalEvent, direction: str) -> dict[str, object]:
    payload = event.payload
    return {
        "event_id": event.event_id,
        "meeting_id": event.meeting_id,
        "participant_id": payload.get("participant_id"),
        "device_id": event.device_id,
        "seq": event.seq,
        "device_time_ms": event.device_time_ms,
        "hlc": event.hlc,
        "direction": direction,
        "method": payload.get("method", ""),
        "accepted": bool(payload.get("accepted", True)),
        "reason": payload.get("reason", ""),
        "excerpt": payload.get("excerpt", ""),
        "duplicate": False,
    }


def _insert_scan(conn: Connection, event: JournalEvent, direction: str) -> None:
    conn.execute(scans_table.insert(), [_scan_row(event, direction)])


@registry.on_batch(CHECKIN_SCANNED)
def _checkins_scanned(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    """A run of scans: inserted at once, then each person's presence recomputed once."""
    context.conn.execute(scans_table.insert(), [_scan_row(event, CHECK_IN) for event in events])
    people: dict[str, dict[str, None]] = {}
    for event in events:
        participant_id = event.payload.get("participant_id")
        if event.payload.get("accepted") and participant_id:
            people.setdefault(event.meeting_id, {})[participant_id] = None
    for meeting_id, participant_ids in people.items():
        recompute_presence_many(context.conn, meeting_id, list(participant_ids))


@registry.on(CHECKED_OUT)
def _checked_out(context: HandlerContext, event: JournalEvent) -> None:
    _insert_scan(context.conn, event, CHECK_OUT)
    recompute_presence(context.conn, event.meeting_id, event.payload["participant_id"])


@registry.on(CHECKIN_CANCELLED)
def _checkin_cancelled(context: HandlerContext, event: JournalEvent) -> None:
    """An undone check-in: its scan leaves the projection (the journal keeps both events), so
    the person was never present through it, not even for the seconds it lasted."""
    participant_id = event.payload["participant_id"]
    context.conn.execute(
        scans_table.delete().where(
            scans_table.c.event_id == event.payload["scan_event_id"],
            scans_table.c.meeting_id == event.meeting_id,
            scans_table.c.participant_id == participant_id,
        )
    )
    recompute_presence(context.conn, event.meeting_id, participant_id)


def recompute_presence(conn: Connection, meeting_id: str, participant_id: str) -> None:
    recompute_presence_many(conn, meeting_id, [participant_id])


def recompute_presence_many(
    conn: Connection, meeting_id: str, participant_ids: Sequence[str]
) -> None:
    """Each person's attendance and duplicate flags from their accepted scans, replayed in causal
    order; a few statements per 500 people (a server ingests a meeting's scans in runs)."""
    for start in range(0, len(participant_ids), 500):
        chunk = list(participant_ids[start : start + 500])
        rows = conn.execute(
            select(scans_table).where(
                scans_table.c.meeting_id == meeting_id,
                scans_table.c.participant_id.in_(chunk),
                scans_table.c.accepted.is_(True),
            )
        ).all()
        scans: dict[str, list[Any]] = {participant_id: [] for participant_id in chunk}
        for row in rows:
            scans[row.participant_id].append(row)
        registered = set(
            conn.execute(
                select(_participants.c.id).where(
                    _participants.c.id.in_(chunk), _participants.c.meeting_id == meeting_id
                )
            ).scalars()
        )
        flags: list[dict[str, Any]] = []
        attendance: list[dict[str, Any]] = []
        for participant_id, own in scans.items():
            by_id = {row.event_id: row for row in own}
            state = replay(
                Movement(row.event_id, (row.hlc, row.device_id, row.seq), row.direction)
                for row in own
            )
            flags += [
                {"w_event_id": row.event_id, "w_duplicate": row.event_id in state.duplicates}
                for row in own
                if row.duplicate != (row.event_id in state.duplicates)
            ]
            if state.since is None or participant_id not in registered:
                continue
            since = by_id[state.since.event_id]
            attendance.append(
                {
                    "participant_id": participant_id,
                    "meeting_id": meeting_id,
                    "present": state.present,
                    "since_event_id": since.event_id,
                    "since_device_id": since.device_id,
                    "since_device_time_ms": since.device_time_ms,
                    "since_hlc": since.hlc,
                }
            )
        if flags:
            conn.execute(
                update(scans_table)
                .where(scans_table.c.event_id == bindparam("w_event_id"))
                .values(duplicate=bindparam("w_duplicate")),
                flags,
            )
        conn.execute(
            attendance_table.delete().where(
                attendance_table.c.meeting_id == meeting_id,
                attendance_table.c.participant_id.in_(chunk),
            )
        )
        if attendance:
            conn.execute(attendance_table.insert(), attendance)


def recompute_presence_of_registered(
    context: HandlerContext, meeting_id: str, participant_ids: Sequence[str]
) -> None:
    """Give attendance to newly registered participants whose scans came first (not live)."""
    if not context.may_be_out_of_order:
        return
    for start in range(0, len(participant_ids), 500):
        scanned = context.conn.execute(
            select(scans_table.c.participant_id)
            .where(
                scans_table.c.meeting_id == meeting_id,
                scans_table.c.participant_id.in_(participant_ids[start : start + 500]),
                scans_table.c.accepted.is_(True),
            )
            .distinct()
        ).scalars()
        recompute_presence_many(context.conn, meeting_id, sorted(scanned))


@registry.on(PROXY_GRANTED)
def _proxy_granted(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        proxies_table.insert().values(
            id=event.payload["proxy_id"],
            meeting_id=event.meeting_id,
            giver_id=event.payload["giver_id"],
            holder_id=event.payload["holder_id"],
            granted_hlc=event.hlc,
            revoked=False,
        )
    )


@registry.on(PROXY_REVOKED)
def _proxy_revoked(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        update(proxies_table)
        .where(
            proxies_table.c.meeting_id == event.meeting_id,
            proxies_table.c.id == event.payload["proxy_id"],
        )
        .values(revoked=True)
    )
