"""The check-in desk: badges, scans, walk-ins, check-out, proxies, attendance, RGPD actions.

Every scan — accepted, duplicate or refused — is a journal event (device, sequence number and device
time are in its header), written with its projection in one transaction; the answer shown at the
desk is read back from the projected tables of that same transaction.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select, true

from civodesk.checkin.badge_token import (
    TokenProblem,
    check_token,
    issue_token,
    looks_like_token,
)
from civodesk.checkin.keyboard_layout import diagnose_layout
from civodesk.checkin.manual_code import new_manual_code, normalize_manual_code
from civodesk.checkin.name_search import fold, query_words
from civodesk.checkin.presence import Movement, present_at
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import (
    AttendanceSummary,
    BadgeView,
    BreakdownRow,
    CheckinRow,
    PresentPerson,
    ProxyView,
    ScanOutcome,
    ScanResult,
)
from civodesk.db.database import Database
from civodesk.device import public_key_from_b64
from civodesk.domain.meeting import FieldError, MeetingStatus, ValidationError
from civodesk.domain.participant import ParticipantFields, validate_participant
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.journal.certificates import KeyBook
from civodesk.journal.hlc import wall_ms
from civodesk.journal.store import Journal, NewEvent, events_table, row_to_event
from civodesk.projections.checkins import (
    BADGE_ISSUED,
    BADGE_REVOKED,
    CHECKED_OUT,
    CHECKIN_SCANNED,
    PROXY_GRANTED,
    PROXY_REVOKED,
    attendance_table,
    badges_table,
    proxies_table,
    scans_table,
)
from civodesk.projections.devices import device_keys
from civodesk.projections.meetings import meetings
from civodesk.projections.participants import participants_table as participants
from civodesk.projections.personal_data import PERSONAL_DATA_PURGED, is_purged
from civodesk.services.changes import ChangeSet
from civodesk.services.meetings import MeetingClosedError, MeetingNotFoundError
from civodesk.services.participants import participant_row, registration_event

CHECKIN_TOPICS = frozenset({"attendance", "checkin"})
BADGE_TOPICS = frozenset({"badges"})
EXCERPT_LENGTH = 60
DEFAULT_PROXY_LIMIT = 1
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


@dataclass(frozen=True)
class WalkInResult:
    change: ChangeSet
    badge: BadgeView
    scan: ScanResult


def excerpt(text: str) -> str:
    """The start of a refused input, printable characters only, for the journal."""
    visible = "".join(c if unicodedata.category(c)[0] not in "CZ" else " " for c in text)
    return visible[:EXCERPT_LENGTH].strip()


class CheckinService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    # Badges --------------------------------------------------------------------------------

    def issue_badges(
        self, meeting_id: str, participant_ids: Sequence[str] | None = None
    ) -> ChangeSet:
        """Give a badge to everyone (or to the listed people) who has no valid one yet."""
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
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
            new_events = self._badge_events(conn, meeting_id, missing)
            if new_events:
                self._journal.append_many(conn, meeting_id, new_events)
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Émettre les badges"),
            topics=BADGE_TOPICS,
            event_count=len(new_events),
            created_ids=tuple(missing),
        )

    def reissue_badge(self, meeting_id: str, participant_id: str) -> ChangeSet:
        """A new badge for a lost one: the old badges are revoked in the same transaction."""
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
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
            new_events += self._badge_events(conn, meeting_id, [participant_id])
            self._journal.append_many(conn, meeting_id, new_events)
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Réémettre le badge"),
            topics=BADGE_TOPICS,
            event_count=len(new_events),
            created_ids=(participant_id,),
        )

    def _badge_events(
        self, conn: Connection, meeting_id: str, participant_ids: Sequence[str]
    ) -> list[NewEvent]:
        if not participant_ids:
            return []
        taken = set(
            conn.execute(
                select(badges_table.c.manual_code).where(badges_table.c.meeting_id == meeting_id)
            ).scalars()
        )
        device = self._journal.device
        serials: dict[str, set[int]] = defaultdict(set)
        for pid, serial in conn.execute(
            select(badges_table.c.participant_id, badges_table.c.serial).where(
                badges_table.c.meeting_id == meeting_id,
                badges_table.c.device_id == device.device_id,  # per device: no collision
            )
        ):
            serials[pid].add(serial)
        today = datetime.fromtimestamp(self._journal.clock.now_ms() / 1000, UTC).date()
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
        views = [_badge_view(row) for row in rows]
        return sorted(
            views, key=lambda b: (fold(b.last_name), fold(b.first_name), b.participant_id)
        )

    # Scanning ------------------------------------------------------------------------------

    def scan(self, meeting_id: str, text: str, method: str = "qr") -> ScanResult:
        """Check someone in from a scanned badge or a typed manual code; never raises on input."""
        if normalize_manual_code(text) is not None:
            method = "code"
        with self._db.write() as conn:
            if self._is_closed(conn, meeting_id):
                return ScanResult(ScanOutcome.REFUSED, "", reason=RefusalReason.MEETING_CLOSED)
            participant_id, badge, reason, advice = self._identify(conn, meeting_id, text)
            if reason is None and participant_id is not None:
                reason = self._admission_problem(conn, meeting_id, participant_id, badge)
            return self._record_scan(
                conn, meeting_id, participant_id, method, reason, advice, excerpt(text)
            )

    def check_in(self, meeting_id: str, participant_id: str, method: str = "search") -> ScanResult:
        """Check someone in found by name (no badge at hand)."""
        with self._db.write() as conn:
            if self._is_closed(conn, meeting_id):
                return ScanResult(ScanOutcome.REFUSED, "", reason=RefusalReason.MEETING_CLOSED)
            reason = self._admission_problem(conn, meeting_id, participant_id, None)
            return self._record_scan(conn, meeting_id, participant_id, method, reason, "", "")

    def verify(self, meeting_id: str, text: str) -> ScanResult:
        """Check a badge or manual code without checking anyone in (nothing is written)."""
        with self._db.read() as conn:
            self._require_meeting(conn, meeting_id, writable=False)
            participant_id, badge, reason, advice = self._identify(conn, meeting_id, text)
            if reason is None and participant_id is not None:
                reason = self._admission_problem(conn, meeting_id, participant_id, badge)
            known = participant_id if reason != RefusalReason.UNKNOWN_PARTICIPANT else None
            name = self._display_name(conn, known) if known else ""
        if reason is not None:
            return ScanResult(ScanOutcome.REFUSED, "", known, name, reason=reason, advice=advice)
        return ScanResult(ScanOutcome.ACCEPTED, "", known, name)

    def _is_closed(self, conn: Connection, meeting_id: str) -> bool:
        return self._require_meeting(conn, meeting_id, writable=False) == MeetingStatus.CLOSED

    def _identify(
        self, conn: Connection, meeting_id: str, text: str
    ) -> tuple[str | None, tuple[int, str] | None, RefusalReason | None, str]:
        """(participant, badge (serial, issuing key id), refusal, advice) for a scanned text."""
        candidate = text.strip()
        if not candidate:
            return None, None, RefusalReason.EMPTY, ""
        code = normalize_manual_code(candidate)
        if code is not None:
            matches = list(
                conn.execute(
                    select(
                        badges_table.c.participant_id,
                        badges_table.c.serial,
                        badges_table.c.key_id,
                    ).where(
                        badges_table.c.meeting_id == meeting_id,
                        badges_table.c.manual_code == code,
                        badges_table.c.revoked.is_(False),
                    )
                )
            )
            if len({m.participant_id for m in matches}) > 1:
                return None, None, RefusalReason.AMBIGUOUS_CODE, ""
            if matches:
                return (
                    matches[0].participant_id,
                    (matches[0].serial, matches[0].key_id),
                    None,
                    "",
                )
            revoked = conn.execute(
                select(badges_table.c.participant_id).where(
                    badges_table.c.meeting_id == meeting_id, badges_table.c.manual_code == code
                )
            ).first()
            if revoked is not None:
                return revoked.participant_id, None, RefusalReason.REVOKED, ""
            return None, None, RefusalReason.UNKNOWN_CODE, ""
        upper = candidate.upper()
        if not looks_like_token(upper):
            diagnosis = diagnose_layout(
                candidate, lambda t: looks_like_token(t) or normalize_manual_code(t) is not None
            )
            if diagnosis is not None:
                return None, None, RefusalReason.WRONG_LAYOUT, diagnosis.advice
        checked = check_token(upper, meeting_id, self._meeting_keys(conn, meeting_id))
        if checked.claims is None:
            return None, None, RefusalReason(str(checked.problem or TokenProblem.DAMAGED)), ""
        claims = checked.claims
        return claims.participant_id, (claims.serial, claims.key_id), None, ""

    def _meeting_keys(self, conn: Connection, meeting_id: str) -> dict[str, list[Any]]:
        """Badge keys of the meeting's devices, counting only keys vouched for on this desk."""
        keys: dict[str, list[Any]] = defaultdict(list)
        book = KeyBook(conn, self._journal.device)
        for device_id, key_id, public_key in conn.execute(
            select(device_keys.c.device_id, device_keys.c.key_id, device_keys.c.public_key).where(
                device_keys.c.meeting_id == meeting_id
            )
        ):
            vouched = book.key_for(device_id)
            if vouched is not None and vouched.public_key == public_key:
                keys[key_id].append(public_key_from_b64(public_key))
        return keys

    def _admission_problem(
        self,
        conn: Connection,
        meeting_id: str,
        participant_id: str,
        badge: tuple[int, str] | None,
    ) -> RefusalReason | None:
        person = conn.execute(
            select(participants.c.removed).where(
                participants.c.id == participant_id, participants.c.meeting_id == meeting_id
            )
        ).one_or_none()
        if person is None:
            return RefusalReason.UNKNOWN_PARTICIPANT
        if person.removed:
            return RefusalReason.REMOVED
        if badge is not None and not self._admits(conn, meeting_id, participant_id, *badge):
            return RefusalReason.REVOKED
        return None

    @staticmethod
    def _admits(
        conn: Connection, meeting_id: str, participant_id: str, serial: int, key_id: str
    ) -> bool:
        """Whether this badge (serial of the device with ``key_id``) still admits its holder.

        A revoked badge does not. When two desks reissued a badge for the same person while
        apart, both new badges are unrevoked: the one issued last (highest HLC stamp, then device
        id) admits, the other is refused as replaced. Every desk applies the same rule to the same
        rows, so they agree once synced.
        """
        rows = conn.execute(
            select(
                badges_table.c.serial,
                badges_table.c.key_id,
                badges_table.c.device_id,
                badges_table.c.issued_hlc,
                badges_table.c.revoked,
            ).where(
                badges_table.c.meeting_id == meeting_id,
                badges_table.c.participant_id == participant_id,
            )
        ).all()
        mine = [row for row in rows if row.serial == serial and row.key_id == key_id]
        if not mine:
            return True  # a genuine signature for a badge this desk has not received yet
        if all(row.revoked for row in mine):
            return False
        active = [row for row in rows if not row.revoked]
        newest = max(active, key=lambda row: (row.issued_hlc, row.device_id))
        return any(
            row.device_id == newest.device_id and row.serial == newest.serial for row in mine
        )

    def _record_scan(
        self,
        conn: Connection,
        meeting_id: str,
        participant_id: str | None,
        method: str,
        reason: RefusalReason | None,
        advice: str,
        raw_excerpt: str,
    ) -> ScanResult:
        known = participant_id if reason != RefusalReason.UNKNOWN_PARTICIPANT else None
        event = self._journal.append(
            conn,
            meeting_id,
            CHECKIN_SCANNED,
            {
                "participant_id": known,
                "method": method,
                "accepted": reason is None,
                "reason": "" if reason is None else reason.value,
                "excerpt": raw_excerpt if reason is not None else "",
            },
        )
        name = self._display_name(conn, known) if known else ""
        if reason is not None:
            return ScanResult(
                ScanOutcome.REFUSED, event.event_id, known, name, reason=reason, advice=advice
            )
        duplicate = conn.execute(
            select(scans_table.c.duplicate).where(scans_table.c.event_id == event.event_id)
        ).scalar_one()
        admitted = conn.execute(
            select(attendance_table.c.since_device_time_ms, device_keys.c.label)
            .outerjoin(
                device_keys,
                and_(
                    device_keys.c.meeting_id == attendance_table.c.meeting_id,
                    device_keys.c.device_id == attendance_table.c.since_device_id,
                ),
            )
            .where(attendance_table.c.participant_id == known)
        ).one()
        return ScanResult(
            ScanOutcome.DUPLICATE if duplicate else ScanOutcome.ACCEPTED,
            event.event_id,
            known,
            name,
            admitted_at_ms=admitted.since_device_time_ms,
            admitted_by_desk=admitted.label or "",
        )

    def _display_name(self, conn: Connection, participant_id: str) -> str:
        row = conn.execute(
            select(participants.c.first_name, participants.c.last_name).where(
                participants.c.id == participant_id
            )
        ).one_or_none()
        if row is None:
            return ""
        return f"{row.first_name or ''} {row.last_name or ''}".strip()

    # Walk-ins, check-out -------------------------------------------------------------------

    def register_walk_in(
        self, meeting_id: str, fields: ParticipantFields, consent_purpose: str
    ) -> WalkInResult:
        """Register someone at the door, give them a badge and check them in: one transaction."""
        errors = validate_participant(fields)
        if errors:
            raise ValidationError(errors)
        participant_id = new_id()
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
            new_events = [registration_event(participant_id, fields, consent_purpose)]
            new_events += self._badge_events(conn, meeting_id, [participant_id])
            self._journal.append_many(conn, meeting_id, new_events)
            scan = self._record_scan(conn, meeting_id, participant_id, "walk_in", None, "", "")
            badge_row = conn.execute(
                select(badges_table, participants)
                .join(participants, participants.c.id == badges_table.c.participant_id)
                .where(badges_table.c.participant_id == participant_id)
            ).one()
        change = ChangeSet(
            meeting_id=meeting_id,
            label=_("Inscrire sur place"),
            topics=CHECKIN_TOPICS | BADGE_TOPICS | {"participants"},
            event_count=len(new_events) + 1,
            created_ids=(participant_id,),
        )
        return WalkInResult(change, _badge_view(badge_row), scan)

    def check_out(self, meeting_id: str, participant_id: str) -> ChangeSet:
        """Someone leaves before the end (before a vote): they no longer count as present."""
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
            present = conn.execute(
                select(attendance_table.c.present).where(
                    attendance_table.c.participant_id == participant_id
                )
            ).scalar()
            if not present:
                raise ValidationError(
                    [
                        FieldError(
                            "participant", _("Cette personne n'est pas enregistrée comme présente.")
                        )
                    ]
                )
            self._journal.append(
                conn, meeting_id, CHECKED_OUT, {"participant_id": participant_id, "method": "desk"}
            )
        return ChangeSet(meeting_id, _("Enregistrer un départ"), CHECKIN_TOPICS, 1)

    # Proxies -------------------------------------------------------------------------------

    def grant_proxy(
        self,
        meeting_id: str,
        giver_id: str,
        holder_id: str,
        limit: int = DEFAULT_PROXY_LIMIT,
    ) -> ChangeSet:
        """Record that ``holder_id`` (present) holds the proxy of ``giver_id`` (absent)."""
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
            participant_row(conn, meeting_id, giver_id)
            participant_row(conn, meeting_id, holder_id)
            problem = self._proxy_problem(conn, meeting_id, giver_id, holder_id, limit)
            if problem:
                raise ValidationError([FieldError("proxy", problem)])
            proxy_id = new_id()
            self._journal.append(
                conn,
                meeting_id,
                PROXY_GRANTED,
                {"proxy_id": proxy_id, "giver_id": giver_id, "holder_id": holder_id},
            )
        return ChangeSet(
            meeting_id, _("Enregistrer une procuration"), CHECKIN_TOPICS, 1, created_ids=(proxy_id,)
        )

    def _proxy_problem(
        self, conn: Connection, meeting_id: str, giver_id: str, holder_id: str, limit: int
    ) -> str:
        if giver_id == holder_id:
            return _("Une personne ne peut pas se donner procuration à elle-même.")
        present = set(
            conn.execute(
                select(attendance_table.c.participant_id).where(
                    attendance_table.c.participant_id.in_([giver_id, holder_id]),
                    attendance_table.c.present.is_(True),
                )
            ).scalars()
        )
        if holder_id not in present:
            return _("La personne qui reçoit la procuration doit être présente.")
        if giver_id in present:
            return _("La personne présente vote elle-même : pas de procuration.")
        active = conn.execute(
            select(proxies_table.c.giver_id, proxies_table.c.holder_id).where(
                proxies_table.c.meeting_id == meeting_id,
                proxies_table.c.revoked.is_(False),
                or_(proxies_table.c.giver_id == giver_id, proxies_table.c.holder_id == holder_id),
            )
        ).all()
        if any(row.giver_id == giver_id for row in active):
            return _("Cette personne a déjà donné procuration.")
        if sum(row.holder_id == holder_id for row in active) >= limit:
            return _("Cette personne détient déjà {limit} procuration(s), le maximum.").format(
                limit=limit
            )
        return ""

    def revoke_proxy(self, meeting_id: str, proxy_id: str) -> ChangeSet:
        """Withdraw a recorded proxy of this meeting; an unknown or already withdrawn one is
        refused with nothing written (a stray event would be replayed on every desk)."""
        with self._db.write() as conn:
            self._require_meeting(conn, meeting_id, writable=True)
            revoked = conn.execute(
                select(proxies_table.c.revoked).where(
                    proxies_table.c.id == proxy_id, proxies_table.c.meeting_id == meeting_id
                )
            ).scalar()
            if revoked is None:
                raise LookupError(_("Procuration introuvable dans cette réunion."))
            if revoked:
                raise LookupError(_("Cette procuration a déjà été retirée."))
            self._journal.append(conn, meeting_id, PROXY_REVOKED, {"proxy_id": proxy_id})
        return ChangeSet(meeting_id, _("Retirer la procuration"), CHECKIN_TOPICS, 1)

    def list_proxies(self, meeting_id: str) -> list[ProxyView]:
        giver = participants.alias("giver")
        holder = participants.alias("holder")
        query = (
            select(
                proxies_table,
                giver.c.first_name.label("giver_first"),
                giver.c.last_name.label("giver_last"),
                holder.c.first_name.label("holder_first"),
                holder.c.last_name.label("holder_last"),
            )
            .join(giver, giver.c.id == proxies_table.c.giver_id)
            .join(holder, holder.c.id == proxies_table.c.holder_id)
            .where(proxies_table.c.meeting_id == meeting_id, proxies_table.c.revoked.is_(False))
            .order_by(proxies_table.c.granted_hlc)
        )
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [
            ProxyView(
                id=row.id,
                giver_id=row.giver_id,
                giver_name=_join_name(row.giver_first, row.giver_last),
                holder_id=row.holder_id,
                holder_name=_join_name(row.holder_first, row.holder_last),
            )
            for row in rows
        ]

    # Search and attendance -----------------------------------------------------------------

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
            proxies, proxies_on_hold = self._proxy_counts(conn, meeting_id)
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

    def _proxy_counts(self, conn: Connection, meeting_id: str) -> tuple[int, int]:
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
        people = [PresentPerson(row.id, _join_name(row.first_name, row.last_name)) for row in names]
        return sorted(people, key=lambda p: (p.display_name.casefold(), p.participant_id))

    # Personal data (RGPD) ------------------------------------------------------------------

    def export_person(self, meeting_id: str, participant_id: str) -> dict[str, Any]:
        """Everything this desk holds about one person (right of access), as JSON-ready data."""
        with self._db.read() as conn:
            row = participant_row(conn, meeting_id, participant_id)
            events = [
                row_to_event(event_row)
                for event_row in conn.execute(
                    select(events_table)
                    .where(events_table.c.meeting_id == meeting_id)
                    .where(
                        or_(
                            events_table.c.payload.like(f'%"participant_id":"{participant_id}"%'),
                            events_table.c.payload.like(f'%"giver_id":"{participant_id}"%'),
                            events_table.c.payload.like(f'%"holder_id":"{participant_id}"%'),
                        )
                    )
                    .order_by(events_table.c.hlc)
                )
            ]
        fields = (
            "first_name", "last_name", "email", "phone", "commune", "neighbourhood", "age_bracket",
        )  # fmt: skip
        return {
            "participant_id": participant_id,
            "meeting_id": meeting_id,
            "data": {name: getattr(row, name) for name in fields},
            "consent_purpose": row.consent_purpose,
            "removed": bool(row.removed),
            "journal": [
                {
                    "event_id": event.event_id,
                    "type": event.type,
                    "device_id": event.device_id,
                    "device_time": datetime.fromtimestamp(
                        event.device_time_ms / 1000, UTC
                    ).isoformat(),
                    "payload": event.payload,
                    "personal": {
                        k: v for k, v in (event.personal or {}).items() if not k.startswith("_")
                    },
                }
                for event in events
            ],
        }

    def purge_personal_data(self, meeting_id: str) -> ChangeSet:
        """Erase every name and contact of a closed meeting; counts stay. Irreversible."""
        with self._db.write() as conn:
            status = self._require_meeting(conn, meeting_id, writable=False)
            if status != MeetingStatus.CLOSED:
                raise PermissionError(
                    _("Clôturez la réunion avant d'effacer les données personnelles.")
                )
            if is_purged(conn, meeting_id):
                raise PermissionError(_("Les données personnelles ont déjà été effacées."))
            count = conn.execute(
                select(func.count()).where(participants.c.meeting_id == meeting_id)
            ).scalar_one()
            self._journal.append(conn, meeting_id, PERSONAL_DATA_PURGED, {"participants": count})
        self._db.flush_erased_data()  # no copy of the erased names left in the WAL
        return ChangeSet(
            meeting_id,
            _("Effacer les données personnelles"),
            CHECKIN_TOPICS | BADGE_TOPICS | {"participants"},
            1,
        )

    def personal_data_purged(self, meeting_id: str) -> bool:
        with self._db.read() as conn:
            return is_purged(conn, meeting_id)

    # Helpers -------------------------------------------------------------------------------

    def _require_meeting(self, conn: Connection, meeting_id: str, *, writable: bool) -> str:
        status = conn.execute(
            select(meetings.c.status).where(
                meetings.c.id == meeting_id, meetings.c.deleted.is_(False)
            )
        ).scalar()
        if status is None:
            raise MeetingNotFoundError(meeting_id)
        if writable and status == MeetingStatus.CLOSED:
            raise MeetingClosedError()
        return str(status)


def _join_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _badge_view(row: Any) -> BadgeView:
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
