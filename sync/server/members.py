"""Which meetings each device takes part in, and what that lets it push and pull.

A device takes part in a meeting of its organization that it created (its push claimed the
meeting, or the meeting's id names it as creator), imported from a package (it relayed a stream
of the meeting signed by its origin device) or joined (``POST /v1/meetings/{id}/join``). Pulls
bring only those meetings' events; pushes into another meeting of the organization are refused
as ``not_joined``.

A membership taken when the meeting already had events on the server records the organization's
receive position at that moment (the counter is moved on by one, so every membership has its own
position): the pull serves the events received up to it as a backfill, then the later ones with
the ordinary pulls (``sync.server.pull_scope``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql

from civodesk.ids import created_by
from civodesk.journal.event import JournalEvent
from sync.membership import DirectoryEntry, JoinResponse, MeetingDirectory
from sync.server.auth import AuthenticatedDevice
from sync.server.clock import iso, utc_now
from sync.server.tables import meetings, members, organizations
from sync.server.views import meetings_table, require_meeting

CREATED = "created"
IMPORTED = "imported"
JOINED = "joined"


def memberships(conn: Connection, device_id: str, meeting_ids: Iterable[str]) -> set[str]:
    """Those of ``meeting_ids`` the device takes part in."""
    wanted = sorted(set(meeting_ids))
    if not wanted:
        return set()
    return set(
        conn.execute(
            select(members.c.meeting_id).where(
                members.c.device_id == device_id, members.c.meeting_id.in_(wanted)
            )
        ).scalars()
    )


def creators_meetings(conn: Connection, device_id: str, meeting_ids: Iterable[str]) -> set[str]:
    """Those of ``meeting_ids`` this device created: its id names it, or its push first bound it."""
    wanted = sorted(set(meeting_ids))
    named = {meeting_id for meeting_id in wanted if created_by(meeting_id, device_id)}
    if not wanted:
        return named
    first = conn.execute(
        select(meetings.c.meeting_id).where(
            meetings.c.meeting_id.in_(wanted), meetings.c.first_device_id == device_id
        )
    ).scalars()
    return named | set(first)


def add_memberships(
    conn: Connection,
    device: AuthenticatedDevice,
    reasons: dict[str, str],
    fresh: set[str],
) -> None:
    """Record that the device takes part in these meetings (meeting id → reason), once each.

    ``fresh`` meetings got their first events in this very transaction: nothing to backfill.
    """
    taken = memberships(conn, device.device_id, reasons)
    now = iso(utc_now())
    for meeting_id in sorted(set(reasons) - taken):
        since = 0 if meeting_id in fresh else _next_position(conn, device.organization_id)
        values = {
            "meeting_id": meeting_id,
            "device_id": device.device_id,
            "organization_id": device.organization_id,
            "reason": reasons[meeting_id],
            "since_seq": since,
            "joined_at": now,
        }
        if conn.dialect.name == "postgresql":
            conn.execute(postgresql.insert(members).values(values).on_conflict_do_nothing())
        else:
            conn.execute(members.insert().values(values))


def _next_position(conn: Connection, organization_id: str) -> int:
    """Move the receive counter on by one (a position no receipt uses) and return it."""
    return int(
        conn.execute(
            update(organizations)
            .where(organizations.c.id == organization_id)
            .values(last_receive_seq=organizations.c.last_receive_seq + 1)
            .returning(organizations.c.last_receive_seq)
        ).scalar_one()
    )


def join(conn: Connection, device: AuthenticatedDevice, meeting_id: str) -> JoinResponse:
    """Take part in a meeting of the organization; 404 (as every view) for any other id."""
    require_meeting(conn, device, meeting_id)
    existing = conn.execute(
        select(members.c.reason).where(
            members.c.meeting_id == meeting_id, members.c.device_id == device.device_id
        )
    ).scalar()
    if existing is not None:
        return JoinResponse(meeting_id=meeting_id, reason=existing, already=True)
    add_memberships(conn, device, {meeting_id: JOINED}, fresh=set())
    return JoinResponse(meeting_id=meeting_id, reason=JOINED, already=False)


def directory(conn: Connection, device: AuthenticatedDevice) -> MeetingDirectory:
    """The organization's meetings, by title, dates and place only, latest start first."""
    mine = select(members.c.meeting_id).where(members.c.device_id == device.device_id)
    rows = conn.execute(
        select(
            meetings.c.meeting_id,
            meetings_table.c.title,
            meetings_table.c.place,
            meetings_table.c.starts_at,
            meetings_table.c.ends_at,
            meetings.c.meeting_id.in_(mine).label("joined"),
        )
        .join(meetings_table, meetings_table.c.id == meetings.c.meeting_id)
        .where(
            meetings.c.organization_id == device.organization_id,
            meetings_table.c.deleted.is_not(True),
        )
        .order_by(meetings_table.c.starts_at.desc(), meetings.c.meeting_id)
    )
    return MeetingDirectory(
        meetings=[
            DirectoryEntry(
                meeting_id=row.meeting_id,
                title=row.title,
                place=row.place,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                joined=bool(row.joined),
            )
            for row in rows
        ]
    )


NOT_JOINED_REASON = (
    "this desk takes no part in this meeting (it did not create it, import it from a package or "
    "join it): join it (POST /v1/meetings/{id}/join), then push these events again"
)


@dataclass(frozen=True)
class Admission:
    events: list[JournalEvent]
    """Authorized events of meetings the pusher takes part in (or comes to take part in)."""
    refused: list[str]
    """Event ids of the pusher's own streams in meetings it takes no part in."""
    reasons: dict[str, str]
    """Meetings the pusher comes to take part in with this push, and why."""


def admit(
    conn: Connection, device: AuthenticatedDevice, authorized: Sequence[JournalEvent]
) -> Admission:
    """Keep the events of meetings the pusher created, imported (it relays a signed stream of
    another device: ``authorized`` holds only signed streams) or joined; refuse the others."""
    meeting_ids = {event.meeting_id for event in authorized}
    taken = memberships(conn, device.device_id, meeting_ids)
    reasons = dict.fromkeys(creators_meetings(conn, device.device_id, meeting_ids - taken), CREATED)
    for event in authorized:
        relayed = event.device_id != device.device_id and event.meeting_id not in taken
        if relayed and not created_by(event.meeting_id, device.device_id):
            reasons[event.meeting_id] = IMPORTED
    allowed = taken | set(reasons)
    return Admission(
        [e for e in authorized if e.meeting_id in allowed],
        [e.event_id for e in authorized if e.meeting_id not in allowed],
        reasons,
    )
