"""What a vote takes from check-in: presence and quorum now, and who a proxy holder votes for.

The rules themselves are check-in's (``civodesk.checkin.attendance``: ``quorum_required`` and
``proxy_counts``, whose in-force condition — holder present, giver absent, both registered — is
applied here to list the givers). When the attendance rules module of the change-pipeline work
lands, ``represented_by`` becomes a call to it.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, or_, select

from civodesk.checkin.attendance import proxy_counts, quorum_required
from civodesk.checkin.handlers import attendance_table, proxies_table
from civodesk.meetings.handlers import meetings
from civodesk.participants.handlers import participants_table as participants
from civodesk.voting.vote import AttendanceSnapshot


def attendance_snapshot(conn: Connection, meeting_id: str) -> AttendanceSnapshot:
    """Registered, present, represented and the quorum needed, read in the caller's transaction."""
    registered, present = conn.execute(
        select(
            func.count(),
            func.count(attendance_table.c.participant_id).filter(
                attendance_table.c.present.is_(True)
            ),
        )
        .select_from(
            participants.outerjoin(
                attendance_table, attendance_table.c.participant_id == participants.c.id
            )
        )
        .where(participants.c.meeting_id == meeting_id, participants.c.removed.is_(False))
    ).one()
    represented, _on_hold = proxy_counts(conn, meeting_id)
    quorum_percent = conn.execute(
        select(meetings.c.quorum_percent).where(meetings.c.id == meeting_id)
    ).scalar()
    required = None if quorum_percent is None else quorum_required(registered, quorum_percent)
    return AttendanceSnapshot(int(registered), int(present or 0), represented, required)


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
    giver = participants.alias("giver")
    holder = participants.alias("holder")
    giver_here = attendance_table.alias("giver_here")
    holder_here = attendance_table.alias("holder_here")
    in_force = and_(
        holder_here.c.present.is_(True),
        or_(giver_here.c.present.is_(None), giver_here.c.present.is_(False)),
        giver.c.removed.is_(False),
        holder.c.removed.is_(False),
    )
    rows = conn.execute(
        select(proxies_table.c.giver_id)
        .select_from(
            proxies_table.join(giver, giver.c.id == proxies_table.c.giver_id)
            .join(holder, holder.c.id == proxies_table.c.holder_id)
            .outerjoin(giver_here, giver_here.c.participant_id == proxies_table.c.giver_id)
            .outerjoin(holder_here, holder_here.c.participant_id == proxies_table.c.holder_id)
        )
        .where(
            proxies_table.c.meeting_id == meeting_id,
            proxies_table.c.holder_id == holder_id,
            proxies_table.c.revoked.is_(False),
            in_force,
        )
        .order_by(proxies_table.c.granted_hlc, proxies_table.c.id)
    ).scalars()
    return list(rows)
