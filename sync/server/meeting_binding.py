"""Which organization a meeting belongs to: bound once, at the push that brings its creation.

A meeting id is bound to an organization by the first push that carries the meeting's own
``meeting.created`` event, written by a device of the pushing organization (the pusher itself, a
device enrolled in the same organization, or a desk that never enrolled anywhere, relayed from a
package). A meeting id made by ``civodesk.ids.new_meeting_id`` names its creating device: only a
creation written by that device binds it, so another organization's desk that forges a creation
for an id it read off a badge is refused even before the creator first syncs. Events of a meeting that no push has bound yet wait (retryable) for the push of its
creation, so a desk that merely learned a meeting id (it is printed in every badge) cannot claim it
with stray events, and a creation written by another organization's device is refused. Once bound,
a meeting never changes hands: another organization's events for it are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql

from civodesk.ids import created_by, names_its_creator
from civodesk.journal.event import JournalEvent
from civodesk.meetings.handlers import MEETING_CREATED
from sync.server.auth import AuthenticatedDevice
from sync.server.clock import iso, utc_now
from sync.server.tables import devices, meetings


@dataclass(frozen=True)
class Binding:
    own: set[str]
    """Meetings of the pushing organization (locked until commit)."""
    claimed: set[str]
    """Meetings this very push bound (dropped again if none of their events gets in)."""
    foreign: set[str]
    """Meetings whose creation in this push this organization may not write (the meeting is
    another organization's, or its id names another device)."""
    unbound: set[str]
    """Meetings this organization does not own and whose creation this push does not carry:
    unknown, or another organization's (answered alike, so no answer tells them apart)."""


def bind_meetings(
    conn: Connection, device: AuthenticatedDevice, events: Sequence[JournalEvent]
) -> Binding:
    """Bind the meetings whose creation this push carries, and lock every meeting of the batch."""
    meeting_ids = sorted({event.meeting_id for event in events})
    if not meeting_ids:
        return Binding(set(), set(), set(), set())
    owners = _owners(conn, meeting_ids)
    created = {event.meeting_id for event in events if event.type == MEETING_CREATED}
    creators = {
        event.meeting_id: event.device_id
        for event in events
        if event.type == MEETING_CREATED and event.meeting_id not in owners
    }
    creator_orgs = {
        row.device_id: row.organization_id
        for row in conn.execute(
            select(devices.c.device_id, devices.c.organization_id).where(
                devices.c.device_id.in_(sorted(set(creators.values())))
            )
        )
    }
    claimable = sorted(
        meeting_id
        for meeting_id, creator in creators.items()
        if creator_orgs.get(creator, device.organization_id) == device.organization_id
        and (created_by(meeting_id, creator) or not names_its_creator(meeting_id))
    )
    claimed = _insert_claims(conn, device, claimable)
    owners = _owners(conn, meeting_ids, lock=True)
    own = {m for m, org in owners.items() if org == device.organization_id}
    # A creation this organization may not write is refused, whether or not the meeting exists;
    # stray events of another organization's meeting wait exactly as those of an unknown one.
    foreign = created - own
    unbound = set(meeting_ids) - own - foreign
    return Binding(own, claimed, foreign, unbound)


def _owners(conn: Connection, meeting_ids: Sequence[str], lock: bool = False) -> dict[str, str]:
    query = (
        select(meetings.c.meeting_id, meetings.c.organization_id)
        .where(meetings.c.meeting_id.in_(meeting_ids))
        .order_by(meetings.c.meeting_id)
    )
    if lock:
        query = query.with_for_update()
    return {row.meeting_id: row.organization_id for row in conn.execute(query)}


def _insert_claims(
    conn: Connection, device: AuthenticatedDevice, meeting_ids: Sequence[str]
) -> set[str]:
    """Insert ownership rows; a concurrent push may win one (then this push does not own it)."""
    if not meeting_ids:
        return set()
    now = iso(utc_now())
    rows = [
        {
            "meeting_id": meeting_id,
            "organization_id": device.organization_id,
            "first_device_id": device.device_id,
            "received_at": now,
        }
        for meeting_id in meeting_ids
    ]
    if conn.dialect.name == "postgresql":
        insert = postgresql.insert(meetings).on_conflict_do_nothing()
        found = (
            conn.execute(insert.values(row).returning(meetings.c.meeting_id)).scalar()
            for row in rows
        )
        return {meeting_id for meeting_id in found if meeting_id is not None}
    # SQLite runs one writer at a time, so "insert what is missing" is race-free there.
    existing = set(
        conn.execute(
            select(meetings.c.meeting_id).where(meetings.c.meeting_id.in_(meeting_ids))
        ).scalars()
    )
    missing = [row for row in rows if row["meeting_id"] not in existing]
    if missing:
        conn.execute(meetings.insert(), missing)
    return {row["meeting_id"] for row in missing}
