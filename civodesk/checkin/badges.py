"""Badges: issuing one to everyone who has none, re-issuing a lost one, listing them to print.

A badge is a signed token (``badge_token``) plus a short manual code, written as a
``badge.issued`` event; re-issuing revokes the old badges in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.badge_token import issue_token
from civodesk.checkin.desk import BADGE_TOPICS, DeskPart, require_meeting
from civodesk.checkin.handlers import BADGE_ISSUED, BADGE_REVOKED, badges_table
from civodesk.checkin.manual_code import new_manual_code
from civodesk.checkin.name_search import fold
from civodesk.checkin.views import BadgeView
from civodesk.i18n import _
from civodesk.journal.store import Journal, NewEvent
from civodesk.participants.handlers import participants_table as participants
from civodesk.participants.service import participant_row


class BadgeDesk(DeskPart):
    def issue_badges(
        self, meeting_id: str, participant_ids: Sequence[str] | None = None
    ) -> ChangeSet:
        """Give a badge to everyone (or to the listed people) who has no valid one yet."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            query = select(participants.c.id).where(
                participants.c.meeting_id == meeting_id,
                participants.c.removed.is_(False),
                ~participants.c.id.in_(
                    select(badges_table.c.participant_id).where(
                        badges_table.c.meeting_id == meeting_id, badges_table.c.revoked.is_(False)
                    )
                ),
            )
            if participant_ids is not None:
                query = query.where(participants.c.id.in_(list(participant_ids)))
            missing = list(conn.execute(query.order_by(participants.c.id)).scalars())
            new_events = badge_events(conn, self._journal, meeting_id, missing)
            if new_events:
                self._journal.append_many(conn, meeting_id, new_events)
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Émettre les badges"),
            topics=BADGE_TOPICS,
            event_count=len(new_events),
            created_ids=tuple(missing),
            changed=touched(badges=missing),
        )

    def reissue_badge(self, meeting_id: str, participant_id: str) -> ChangeSet:
        """A new badge for a lost one: the old badges are revoked in the same transaction."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            participant_row(conn, meeting_id, participant_id)
            active = conn.execute(
                select(badges_table.c.serial, badges_table.c.device_id).where(
                    badges_table.c.meeting_id == meeting_id,
                    badges_table.c.participant_id == participant_id,
                    badges_table.c.revoked.is_(False),
                )
            ).all()
            new_events = [
                NewEvent(
                    BADGE_REVOKED,
                    {"participant_id": participant_id, "serial": serial, "device_id": device_id},
                )
                for serial, device_id in active
            ]
            new_events += badge_events(conn, self._journal, meeting_id, [participant_id])
            self._journal.append_many(conn, meeting_id, new_events)
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Réémettre le badge"),
            topics=BADGE_TOPICS,
            event_count=len(new_events),
            created_ids=(participant_id,),
            changed=touched(badges=[participant_id]),
        )

    def list_badges(
        self, meeting_id: str, participant_ids: Sequence[str] | None = None
    ) -> list[BadgeView]:
        """Valid badges with the names to print, sorted by name."""
        query = (
            select(badges_table, participants)
            .join(participants, participants.c.id == badges_table.c.participant_id)
            .where(
                badges_table.c.meeting_id == meeting_id,
                badges_table.c.revoked.is_(False),
                participants.c.removed.is_(False),
            )
        )
        if participant_ids is not None:
            query = query.where(badges_table.c.participant_id.in_(list(participant_ids)))
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        views = [badge_view(row) for row in rows]
        return sorted(
            views, key=lambda b: (fold(b.last_name), fold(b.first_name), b.participant_id)
        )


def badge_events(
    conn: Connection, journal: Journal, meeting_id: str, participant_ids: Sequence[str]
) -> list[NewEvent]:
    """``badge.issued`` events for these people: a fresh manual code and the next serial each."""
    if not participant_ids:
        return []
    taken = set(
        conn.execute(
            select(badges_table.c.manual_code).where(badges_table.c.meeting_id == meeting_id)
        ).scalars()
    )
    device = journal.device
    serials: dict[str, set[int]] = defaultdict(set)
    for pid, serial in conn.execute(
        select(badges_table.c.participant_id, badges_table.c.serial).where(
            badges_table.c.meeting_id == meeting_id,
            badges_table.c.device_id == device.device_id,  # per device: no collision
        )
    ):
        serials[pid].add(serial)
    today = datetime.fromtimestamp(journal.clock.now_ms() / 1000, UTC).date()
    new_events = []
    for participant_id in participant_ids:
        code = new_manual_code(taken.__contains__)
        taken.add(code)
        serial = max(serials[participant_id], default=0) + 1
        new_events.append(
            NewEvent(
                BADGE_ISSUED,
                {
                    "participant_id": participant_id,
                    "serial": serial,
                    "token": issue_token(device, meeting_id, participant_id, today, serial),
                    "manual_code": code,
                    "key_id": device.key_id,
                    "issued_on": today.isoformat(),
                },
            )
        )
    return new_events


def badge_view(row: Any) -> BadgeView:
    return BadgeView(
        participant_id=row.participant_id,
        first_name=row.first_name or "",
        last_name=row.last_name or "",
        commune=row.commune or "",
        token=row.token,
        manual_code=row.manual_code,
        serial=row.serial,
        issued_on=date.fromisoformat(row.issued_on),
        consent_purpose=row.consent_purpose or "",
    )
