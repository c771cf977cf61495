"""The attendance rules a vote depends on: who counts as present, who is represented, the quorum.

One module, no Qt and no service state, so the desk's live counts, the votes, and the central
server's attendance view all apply the same rules to the same tables:

- a person is *present* when registered (not removed) and their replayed check-ins leave them
  inside (``civodesk.checkin.presence``);
- a proxy is *in force* only while its holder is present and its giver absent, both still
  registered; otherwise it stays recorded, *on hold*, and comes back into force when the giver
  leaves or the holder returns — so nobody counts twice as present and represented;
- the quorum is a share of the registered, read as the CGCT's "majorité des membres" at 50 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import ColumnElement, Connection, FromClause, and_, case, func, or_, select

from civodesk.checkin.handlers import attendance_table, proxies_table, scans_table
from civodesk.checkin.presence import Movement, present_at
from civodesk.journal.clock_offset import stream_offsets
from civodesk.journal.hlc import wall_ms
from civodesk.participants.handlers import participants_table as participants

MAJORITY_QUORUM_PERCENT = 50.0


def quorum_required(registered: int, quorum_percent: float) -> int:
    """People who must be present: at least ``quorum_percent`` % of the registered, never fewer
    than one. 50 % is read as the CGCT's "majorité des membres" (L2121-17): more than half.

    The percentage is taken as the decimal the user typed (33.3 is 333/1000, not a binary float),
    so an exact product is not rounded up by a stray last digit.
    """
    if quorum_percent == MAJORITY_QUORUM_PERCENT:
        needed = registered // 2 + 1
    else:
        needed = math.ceil(registered * Fraction(str(quorum_percent)) / 100)
    return max(1, needed)


def present_count(conn: Connection, meeting_id: str) -> int:
    """Registered people of the meeting who are inside now."""
    return int(
        conn.execute(
            select(func.count())
            .select_from(
                participants.join(
                    attendance_table, attendance_table.c.participant_id == participants.c.id
                )
            )
            .where(
                participants.c.meeting_id == meeting_id,
                participants.c.removed.is_(False),
                attendance_table.c.present.is_(True),
            )
        ).scalar_one()
    )


@dataclass(frozen=True)
class Representation:
    """One proxy in force: ``giver_id`` (absent) is represented by ``holder_id`` (present)."""

    proxy_id: str
    giver_id: str
    holder_id: str


def _proxies_with_presence() -> tuple[FromClause, ColumnElement[bool]]:
    """Proxies joined to both people and their presence, and the in-force condition over them."""
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
    source = (
        proxies_table.join(giver, giver.c.id == proxies_table.c.giver_id)
        .join(holder, holder.c.id == proxies_table.c.holder_id)
        .outerjoin(giver_here, giver_here.c.participant_id == proxies_table.c.giver_id)
        .outerjoin(holder_here, holder_here.c.participant_id == proxies_table.c.holder_id)
    )
    return source, in_force


def proxy_counts(conn: Connection, meeting_id: str) -> tuple[int, int]:
    """(proxies in force, proxies on hold) among the recorded, non-withdrawn ones."""
    source, in_force = _proxies_with_presence()
    recorded, effective = conn.execute(
        select(func.count(), func.sum(case((in_force, 1), else_=0)))
        .select_from(source)
        .where(proxies_table.c.meeting_id == meeting_id, proxies_table.c.revoked.is_(False))
    ).one()
    effective = int(effective or 0)
    return effective, recorded - effective


def represented(conn: Connection, meeting_id: str) -> list[Representation]:
    """Every proxy in force now: who is represented, and by whom (for counting votes)."""
    source, in_force = _proxies_with_presence()
    rows = conn.execute(
        select(proxies_table.c.id, proxies_table.c.giver_id, proxies_table.c.holder_id)
        .select_from(source)
        .where(
            proxies_table.c.meeting_id == meeting_id,
            proxies_table.c.revoked.is_(False),
            in_force,
        )
        .order_by(proxies_table.c.granted_hlc, proxies_table.c.id)
    ).all()
    return [Representation(row.id, row.giver_id, row.holder_id) for row in rows]


def present_at_time(conn: Connection, meeting_id: str, at_ms: int) -> set[str]:
    """Who was inside at ``at_ms`` (the server's time): accepted check-ins and check-outs up to
    that instant, each desk's time corrected by its journaled clock offset, replayed in causal
    order."""
    rows = conn.execute(
        select(scans_table).where(
            scans_table.c.meeting_id == meeting_id,
            scans_table.c.accepted.is_(True),
            scans_table.c.participant_id.is_not(None),
        )
    ).all()
    offsets = stream_offsets(conn, meeting_id)
    kept = [
        row for row in rows if offsets.correct(row.device_id, row.seq, wall_ms(row.hlc)) <= at_ms
    ]
    return present_at(
        (Movement(r.event_id, (r.hlc, r.device_id, r.seq), r.direction) for r in kept),
        {r.event_id: r.participant_id for r in kept},
    )
