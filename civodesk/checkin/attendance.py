"""Who is here: the name search of the desk, the live attendance counts, presence at a moment.

Read-only queries over the check-in tables, built to stay fast with 20,000 registered. The rules
(present, represented, quorum) are ``attendance_rules``, shared with the votes and the server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import and_, case, func, or_, select, true

from civodesk.checkin.attendance_rules import present_at_time, proxy_counts, quorum_required
from civodesk.checkin.desk import DeskPart, join_name
from civodesk.checkin.handlers import attendance_table, badges_table
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.checkin.name_search import fold, query_words
from civodesk.checkin.views import (
    AttendanceSummary,
    BreakdownRow,
    CheckinRow,
    PresentPerson,
    checkin_order,
)
from civodesk.i18n import _
from civodesk.meetings.handlers import meetings
from civodesk.participants.handlers import participants_table as participants

BREAKDOWN_FIELDS = ("commune", "neighbourhood", "age_bracket")


class AttendanceQueries(DeskPart):
    def search(
        self,
        meeting_id: str,
        text: str,
        limit: int = 200,
        among: Collection[str] | None = None,
    ) -> list[CheckinRow]:
        """People with a name word starting with each word of ``text`` (accents and case
        ignored), or whose manual code is ``text``; sorted by last name (``checkin_order``).

        ``among`` keeps only those participants: after a change, a view asks for the rows it
        touched that still match its search, and updates just those.

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
            if among is not None:
                query = query.where(participants.c.id.in_(sorted(among)))
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
        return sorted(found, key=checkin_order)

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
            inside = present_at_time(conn, meeting_id, at_ms)
            names = conn.execute(
                select(
                    participants.c.id, participants.c.first_name, participants.c.last_name
                ).where(participants.c.id.in_(sorted(inside)))
            ).all()
        ordered = sorted(
            names, key=lambda row: (fold(row.last_name or ""), fold(row.first_name or ""), row.id)
        )  # like the desk's list: by last name, accents and capitals aside
        return [PresentPerson(row.id, join_name(row.first_name, row.last_name)) for row in ordered]
