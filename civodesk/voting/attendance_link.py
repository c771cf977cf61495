"""What a vote takes from check-in: presence and quorum now, and who a proxy holder votes for.

The rules are check-in's (``civodesk.checkin.attendance_rules``: who counts as present, which
proxies are in force, the quorum), read here in the vote's own transaction so a close records
the presence of the same instant as the ballots it seals.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from civodesk.checkin.attendance_rules import (
    present_count,
    proxy_counts,
    quorum_required,
    represented,
)
from civodesk.checkin.handlers import attendance_table
from civodesk.meetings.handlers import meetings
from civodesk.participants.handlers import participants_table as participants
from civodesk.voting.vote import AttendanceSnapshot


def attendance_snapshot(conn: Connection, meeting_id: str) -> AttendanceSnapshot:
    """Registered, present, represented and the quorum needed, read in the caller's transaction."""
    registered = int(
        conn.execute(
            select(func.count()).where(
                participants.c.meeting_id == meeting_id, participants.c.removed.is_(False)
            )
        ).scalar_one()
    )
    in_force, _on_hold = proxy_counts(conn, meeting_id)
    quorum_percent = conn.execute(
        select(meetings.c.quorum_percent).where(meetings.c.id == meeting_id)
    ).scalar()
    required = None if quorum_percent is None else quorum_required(registered, quorum_percent)
    return AttendanceSnapshot(registered, present_count(conn, meeting_id), in_force, required)


def is_present(conn: Connection, participant_id: str) -> bool:
    return bool(
        conn.execute(
            select(attendance_table.c.present).where(
                attendance_table.c.participant_id == participant_id
            )
        ).scalar()
    )


def represented_by(conn: Connection, meeting_id: str, holder_id: str) -> list[str]:
    """The givers whose proxy ``holder_id`` holds and which is in force now."""
    return [r.giver_id for r in represented(conn, meeting_id) if r.holder_id == holder_id]
