"""Who is here: the name search of the desk, the live attendance counts, presence at a moment.

Read-only queries over the check-in tables, built to stay fast with 20,000 registered.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

from sqlalchemy import Connection, and_, case, func, or_, select, true

from civodesk.checkin.desk import DeskPart, join_name
from civodesk.checkin.handlers import attendance_table, badges_table, proxies_table, scans_table
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.checkin.name_search import fold, query_words
from civodesk.checkin.presence import Movement, present_at
from civodesk.checkin.views import AttendanceSummary, BreakdownRow, CheckinRow, PresentPerson
from civodesk.i18n import _
from civodesk.journal.hlc import wall_ms
from civodesk.meetings.handlers import meetings
from civodesk.participants.handlers import participants_table as participants

BREAKDOWN_FIELDS = ("commune", "neighbourhood", "age_bracket")
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


class AttendanceQueries(DeskPart):
    def search(self, meeting_id: str, text: str, limit: int = 200) -> list[CheckinRow]:
        """People with a name word starting with each word of ``text`` (accents and case
        ignored), or whose manual code is ``text``; sorted by last name.

        Built to stay fast with 20,000 people: the folded ``search_name`` column is matched with
        LIKE, and the badge code and presence are looked up only for the rows returned.
        """
        code_of = (
            select(badges_table.c.manual_code)
            .where(
                badges_table.c.meeting_id == meeting_id,
                badges_table.c.participant_id == participants.c.id,
                badges_table.c.revoked.is_(False),
            )
            .order_by(badges_table.c.serial.desc())
            .limit(1)
            .scalar_subquery()
        )
        present_of = (
            select(attendance_table.c.present)
            .where(attendance_table.c.participant_id == participants.c.id)
            .scalar_subquery()
        )
        query = select(
            participants.c.id,
            participants.c.first_name,
            participants.c.last_name,
            participants.c.commune,
            participants.c.version,
            code_of.label("code"),
            present_of.label("present"),
        ).where(participants.c.meeting_id == meeting_id, participants.c.removed.is_(False))
        name_matches = and_(
            true(), *(participants.c.search_name.like(f"% {word}%") for word in query_words(text))
        )
        code = normalize_manual_code(text)
        with self._db.read() as conn:
            if code is not None:
                holders = conn.execute(
                    select(badges_table.c.participant_id).where(
                        badges_table.c.meeting_id == meeting_id,
                        badges_table.c.manual_code == code,
                        badges_table.c.revoked.is_(False),
                    )
                ).scalars()
                query = query.where(or_(participants.c.id.in_(list(holders)), name_matches))
            else:
                query = query.where(name_matches)
            query = query.order_by(participants.c.last_name, participants.c.id).limit(limit)
            rows = conn.execute(query).all()
        found = [
            CheckinRow(
                participant_id=row.id,
                first_name=row.first_name or "",
                last_name=row.last_name or "",
                commune=row.commune or "",
                manual_code=row.code or "",
                present=bool(row.present),
                version=row.version,
            )
            for row in rows
        ]
        return sorted(
            found,
            key=lambda r: (
                not r.last_name,
                fold(r.last_name),
                fold(r.first_name),
                r.participant_id,
            ),
        )

    def attendance(self, meeting_id: str) -> AttendanceSummary:
        """Live counts. One grouped query over the registrations, however many there are."""
        here = func.sum(case((attendance_table.c.present.is_(True), 1), else_=0))
        fields = [getattr(participants.c, name) for name in BREAKDOWN_FIELDS]
        with self._db.read() as conn:
            quorum_percent = conn.execute(
                select(meetings.c.quorum_percent).where(meetings.c.id == meeting_id)
            ).scalar()
            groups = conn.execute(
                select(*fields, here, func.count())
                .select_from(
                    participants.outerjoin(
                        attendance_table, attendance_table.c.participant_id == participants.c.id
                    )
                )
                .where(participants.c.meeting_id == meeting_id, participants.c.removed.is_(False))
                .group_by(*fields)
            ).all()
            proxies, proxies_on_hold = proxy_counts(conn, meeting_id)
        registered = sum(group[-1] for group in groups)
        present = sum(int(group[-2] or 0) for group in groups)
        breakdowns: dict[str, tuple[BreakdownRow, ...]] = {}
        for index, name in enumerate(BREAKDOWN_FIELDS):
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for group in groups:
                label = (group[index] or "").strip()
                counts[label][0] += int(group[-2] or 0)
                counts[label][1] += group[-1]
            if set(counts) - {""}:
                breakdowns[name] = tuple(
                    BreakdownRow(label or _("Non renseigné"), here_count, total)
                    for label, (here_count, total) in sorted(
                        counts.items(), key=lambda item: (-item[1][1], item[0])
                    )
                )
        required = None if quorum_percent is None else quorum_required(registered, quorum_percent)
        return AttendanceSummary(
            registered, present, proxies, quorum_percent, required, breakdowns, proxies_on_hold
        )

    def present_at(self, meeting_id: str, at_ms: int) -> list[PresentPerson]:
        """Who was in the room at ``at_ms`` (causal time of the journal), for the votes."""
        with self._db.read() as conn:
            rows = conn.execute(
                select(scans_table).where(
                    scans_table.c.meeting_id == meeting_id,
                    scans_table.c.accepted.is_(True),
                    scans_table.c.participant_id.is_not(None),
                )
            ).all()
            kept = [row for row in rows if wall_ms(row.hlc) <= at_ms]
            inside = present_at(
                (Movement(r.event_id, (r.hlc, r.device_id, r.seq), r.direction) for r in kept),
                {r.event_id: r.participant_id for r in kept},
            )
            names = conn.execute(
                select(
                    participants.c.id, participants.c.first_name, participants.c.last_name
                ).where(participants.c.id.in_(sorted(inside)))
            ).all()
        people = [PresentPerson(row.id, join_name(row.first_name, row.last_name)) for row in names]
        return sorted(people, key=lambda p: (p.display_name.casefold(), p.participant_id))


def proxy_counts(conn: Connection, meeting_id: str) -> tuple[int, int]:
    """(proxies in force, proxies on hold) among the recorded, non-withdrawn ones.

    A proxy is in force only while its holder is present and its giver absent (both still
    registered); otherwise it stays recorded and comes back into force when the giver leaves
    or the holder returns — so nobody is counted twice as present and represented.
    """
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
    recorded, effective = conn.execute(
        select(func.count(), func.sum(case((in_force, 1), else_=0)))
        .select_from(
            proxies_table.join(giver, giver.c.id == proxies_table.c.giver_id)
            .join(holder, holder.c.id == proxies_table.c.holder_id)
            .outerjoin(giver_here, giver_here.c.participant_id == proxies_table.c.giver_id)
            .outerjoin(holder_here, holder_here.c.participant_id == proxies_table.c.holder_id)
        )
        .where(proxies_table.c.meeting_id == meeting_id, proxies_table.c.revoked.is_(False))
    ).one()
    effective = int(effective or 0)
    return effective, recorded - effective
