"""The attendance rules a vote depends on: who counts as present, who is represented, the quorum.

One module, no Qt and no service state, so the desk's live counts, the votes, and the central
server's attendance view all apply the same rules to the same tables:

- a person is *present* when registered (not removed) and their replayed check-ins leave them
  inside (``civodesk.checkin.presence``);
- a proxy is *in force* only while its holder is present and its giver absent, both still
  registered; otherwise it stays recorded, *on hold*, and comes back into force when the giver
  leaves or the holder returns — so nobody counts twice as present and represented;
- one proxy per absent person, and at most the meeting's ``proxy_limit`` per holder. A desk refuses
  a proxy that breaks either, but two desks apart can each record one. Then the proxies recorded
  first (HLC stamp, then proxy id) count and the others are *set aside*: recorded, never in force,
  and listed as a conflict for the facilitator (``rule_breaches``) until one is withdrawn;
- one arrival: two desks admitting the same person while apart count her once (the first entry,
  ``civodesk.checkin.presence``); the second entry is listed as a conflict too, as are two badges
  of one person reissued by two desks (the last issued admits, ``admission.badge_admits``);
- the quorum is a share of the registered, read as the CGCT's "majorité des membres" at 50 %.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, and_, case, func, or_, select

from civodesk.checkin.handlers import attendance_table, badges_table, proxies_table, scans_table
from civodesk.checkin.presence import CHECK_IN, Movement, present_at
from civodesk.journal.clock_offset import stream_offsets
from civodesk.journal.hlc import wall_ms
from civodesk.meetings.handlers import meetings
from civodesk.meetings.meeting import DEFAULT_PROXY_LIMIT
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


@dataclass(frozen=True)
class RuleBreach:
    """Two desks broke a one-per-person rule: what the rule keeps, and what it sets aside.

    ``kind`` is ``proxy_giver`` (one person gave two proxies), ``proxy_limit`` (a holder holds
    more than the meeting allows), ``badge`` (two badges of one person admit) or ``arrival`` (two
    desks admitted the same person); ``subject_id`` is the person; the ids are proxies, badges
    (``device_id:serial``) or check-in events.
    """

    kind: str
    subject_id: str
    kept: tuple[str, ...]
    set_aside: tuple[str, ...]


def meeting_proxy_limit(conn: Connection, meeting_id: str) -> int:
    limit = conn.execute(select(meetings.c.proxy_limit).where(meetings.c.id == meeting_id)).scalar()
    return int(limit) if limit is not None else DEFAULT_PROXY_LIMIT


def _proxy_order(conn: Connection, meeting_id: str) -> tuple[list[Any], set[str], int]:
    """Recorded proxies between registered people, first recorded first; the counted ids; the
    limit."""
    giver = participants.alias("giver")
    holder = participants.alias("holder")
    rows = conn.execute(
        select(
            proxies_table.c.id,
            proxies_table.c.giver_id,
            proxies_table.c.holder_id,
        )
        .join(giver, giver.c.id == proxies_table.c.giver_id)
        .join(holder, holder.c.id == proxies_table.c.holder_id)
        .where(
            proxies_table.c.meeting_id == meeting_id,
            proxies_table.c.revoked.is_(False),
            giver.c.removed.is_(False),
            holder.c.removed.is_(False),
        )
        .order_by(proxies_table.c.granted_hlc, proxies_table.c.id)
    ).all()
    limit = meeting_proxy_limit(conn, meeting_id)
    gave: set[str] = set()
    held: dict[str, int] = defaultdict(int)
    counted: set[str] = set()
    for row in rows:
        if row.giver_id in gave or held[row.holder_id] >= limit:
            continue
        gave.add(row.giver_id)
        held[row.holder_id] += 1
        counted.add(row.id)
    return list(rows), counted, limit


def counted_proxy_ids(conn: Connection, meeting_id: str) -> set[str]:
    """The recorded proxies the rules keep (the others are set aside until resolved)."""
    return _proxy_order(conn, meeting_id)[1]


def rule_breaches(conn: Connection, meeting_id: str) -> list[RuleBreach]:
    """Every one-per-person rule two desks broke, in a stable order (the same on every desk)."""
    rows, counted, _limit = _proxy_order(conn, meeting_id)
    breaches: list[RuleBreach] = []
    by_giver: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_giver[row.giver_id].append(row)
    for giver_id, given in by_giver.items():
        if len(given) > 1:
            kept = tuple(r.id for r in given if r.id in counted)
            breaches.append(
                RuleBreach(
                    "proxy_giver", giver_id, kept, tuple(r.id for r in given if r.id not in kept)
                )
            )
    first_of_giver = {given[0].id for given in by_giver.values()}
    by_holder: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        if row.id in first_of_giver:
            by_holder[row.holder_id].append(row)
    for holder_id, held in by_holder.items():
        over = tuple(r.id for r in held if r.id not in counted)
        if over:
            kept = tuple(r.id for r in held if r.id in counted)
            breaches.append(RuleBreach("proxy_limit", holder_id, kept, over))
    breaches += _badge_breaches(conn, meeting_id)
    breaches += _arrival_breaches(conn, meeting_id)
    return breaches


def _badge_breaches(conn: Connection, meeting_id: str) -> list[RuleBreach]:
    active = and_(badges_table.c.meeting_id == meeting_id, badges_table.c.revoked.is_(False))
    doubled = (
        select(badges_table.c.participant_id)
        .where(active)
        .group_by(badges_table.c.participant_id)
        .having(func.count() > 1)
    )
    rows = conn.execute(
        select(
            badges_table.c.participant_id,
            badges_table.c.device_id,
            badges_table.c.serial,
            badges_table.c.issued_hlc,
        ).where(active, badges_table.c.participant_id.in_(doubled))
    ).all()
    by_person: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_person[row.participant_id].append(row)
    breaches = []
    for person, badges in by_person.items():
        if len(badges) > 1:
            ranked = sorted(badges, key=lambda b: (b.issued_hlc, b.device_id), reverse=True)
            keys = [f"{b.device_id}:{b.serial}" for b in ranked]
            breaches.append(RuleBreach("badge", person, (keys[0],), tuple(keys[1:])))
    return breaches


def _arrival_breaches(conn: Connection, meeting_id: str) -> list[RuleBreach]:
    """People admitted by two desks while already inside: the entry that counts, and the others."""
    doubled = select(scans_table.c.participant_id).where(
        scans_table.c.meeting_id == meeting_id,
        scans_table.c.duplicate.is_(True),
        scans_table.c.direction == CHECK_IN,
    )
    rows = conn.execute(
        select(scans_table)
        .where(
            scans_table.c.meeting_id == meeting_id,
            scans_table.c.accepted.is_(True),
            scans_table.c.participant_id.in_(doubled),
        )
        .order_by(scans_table.c.participant_id)
    ).all()
    by_person: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_person[row.participant_id].append(row)
    breaches = []
    for person, scans in by_person.items():
        scans.sort(key=lambda r: (r.hlc, r.device_id, r.seq))
        entry: Any = None
        kept: list[str] = []
        others: list[str] = []
        for scan in scans:
            if scan.direction != CHECK_IN:
                entry = None
            elif not scan.duplicate:
                entry = scan
            elif entry is not None and scan.device_id != entry.device_id:
                if entry.event_id not in kept:
                    kept.append(entry.event_id)
                others.append(scan.event_id)
        if others:
            breaches.append(RuleBreach("arrival", person, tuple(kept), tuple(others)))
    return breaches


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
    """(proxies in force, proxies on hold) among the recorded, non-withdrawn ones; a proxy set
    aside by the one-per-person rules is on hold."""
    source, in_force = _proxies_with_presence()
    counted = counted_proxy_ids(conn, meeting_id)
    rows = conn.execute(
        select(proxies_table.c.id, case((in_force, 1), else_=0).label("in_force"))
        .select_from(source)
        .where(proxies_table.c.meeting_id == meeting_id, proxies_table.c.revoked.is_(False))
    ).all()
    effective = sum(1 for row in rows if row.in_force and row.id in counted)
    return effective, len(rows) - effective


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
    counted = counted_proxy_ids(conn, meeting_id)
    return [
        Representation(row.id, row.giver_id, row.holder_id) for row in rows if row.id in counted
    ]


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
