"""Admission at the door: a scanned badge or typed code, a name picked in the list, a walk-in, a
departure.

Every scan — accepted, duplicate or refused — is a journal event (device, sequence number and device
time are in its header), written with its event handlers in one transaction; the answer shown at the
desk is read back from the tables of that same transaction.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.badge_token import TokenProblem, check_token, looks_like_token
from civodesk.checkin.badge_validity import expired_at, expiry_advice
from civodesk.checkin.badges import badge_events, badge_view
from civodesk.checkin.cancellation import AdmitAgain, CancelCheckIn
from civodesk.checkin.desk import (
    BADGE_TOPICS,
    CHECKIN_TOPICS,
    DeskPart,
    display_name,
    is_closed,
    require_meeting,
)
from civodesk.checkin.handlers import (
    CHECKED_OUT,
    CHECKIN_SCANNED,
    attendance_table,
    badges_table,
    scans_table,
)
from civodesk.checkin.keyboard_layout import diagnose_layout
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import BadgeView, ScanOutcome, ScanResult
from civodesk.devices.handlers import device_keys
from civodesk.devices.identity import public_key_from_b64
from civodesk.i18n import _, elides
from civodesk.ids import new_id
from civodesk.journal.certificates import KeyBook
from civodesk.journal.store import Journal
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.events import registration_event
from civodesk.participants.handlers import participants_table as participants
from civodesk.participants.participant import (
    ParticipantFields,
    consent_problems,
    validate_participant,
)

EXCERPT_LENGTH = 60


@dataclass(frozen=True)
class WalkInResult:
    change: ChangeSet
    badge: BadgeView
    scan: ScanResult


def excerpt(text: str) -> str:
    """The start of a refused input, printable characters only, for the journal."""
    visible = "".join(c if unicodedata.category(c)[0] not in "CZ" else " " for c in text)
    return visible[:EXCERPT_LENGTH].strip()


class AdmissionDesk(DeskPart):
    def scan(self, meeting_id: str, text: str, method: str = "qr") -> ScanResult:
        """Check someone in from a scanned badge or a typed manual code; never raises on input."""
        if normalize_manual_code(text) is not None:
            method = "code"
        with self._db.write() as conn:
            if is_closed(conn, meeting_id):
                return ScanResult(ScanOutcome.REFUSED, "", reason=RefusalReason.MEETING_CLOSED)
            participant_id, badge, reason, advice = self._identify(conn, meeting_id, text)
            if reason is None and participant_id is not None:
                reason, advice = self._badge_problem(conn, meeting_id, participant_id, badge)
            return record_scan(
                conn,
                self._journal,
                meeting_id,
                participant_id,
                method,
                reason,
                advice,
                excerpt(text),
            )

    def check_in(self, meeting_id: str, participant_id: str, method: str = "search") -> ScanResult:
        """Check someone in found by name (no badge at hand)."""
        with self._db.write() as conn:
            if is_closed(conn, meeting_id):
                return ScanResult(ScanOutcome.REFUSED, "", reason=RefusalReason.MEETING_CLOSED)
            reason = admission_problem(conn, meeting_id, participant_id, None)
            return record_scan(
                conn, self._journal, meeting_id, participant_id, method, reason, "", ""
            )

    def verify(self, meeting_id: str, text: str) -> ScanResult:
        """Check a badge or manual code without checking anyone in (nothing is written)."""
        with self._db.read() as conn:
            require_meeting(conn, meeting_id, writable=False)
            participant_id, badge, reason, advice = self._identify(conn, meeting_id, text)
            if reason is None and participant_id is not None:
                reason, advice = self._badge_problem(conn, meeting_id, participant_id, badge)
            known = participant_id if reason != RefusalReason.UNKNOWN_PARTICIPANT else None
            name = display_name(conn, known) if known else ""
        if reason is not None:
            return ScanResult(ScanOutcome.REFUSED, "", known, name, reason=reason, advice=advice)
        return ScanResult(ScanOutcome.ACCEPTED, "", known, name)

    def register_walk_in(
        self, meeting_id: str, fields: ParticipantFields, consent_purpose: str
    ) -> WalkInResult:
        """Register someone at the door, give them a badge and check them in: one transaction."""
        errors = validate_participant(fields) + consent_problems(
            fields.email, fields.phone, bool(consent_purpose.strip()), consent_purpose
        )
        if errors:
            raise ValidationError(errors)
        participant_id = new_id()
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            new_events = [registration_event(participant_id, fields, consent_purpose)]
            new_events += badge_events(conn, self._journal, meeting_id, [participant_id])
            self._journal.append_many(conn, meeting_id, new_events)
            scan = record_scan(
                conn, self._journal, meeting_id, participant_id, "walk_in", None, "", ""
            )
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
            changed=touched(
                participants=[participant_id],
                badges=[participant_id],
                attendance=[participant_id],
                checkin=[participant_id],
            ),
        )
        return WalkInResult(change, badge_view(badge_row), scan)

    def check_out(self, meeting_id: str, participant_id: str) -> ChangeSet:
        """Someone leaves before the end (before a vote): they no longer count as present."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
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
        return ChangeSet(
            meeting_id,
            _("Enregistrer un départ"),
            CHECKIN_TOPICS,
            1,
            changed=touched(attendance=[participant_id], checkin=[participant_id]),
        )

    def _badge_problem(
        self,
        conn: Connection,
        meeting_id: str,
        participant_id: str,
        badge: tuple[int, str] | None,
    ) -> tuple[RefusalReason | None, str]:
        """Why this person's badge does not admit them (with the advice shown), or (None, "")."""
        reason = admission_problem(conn, meeting_id, participant_id, badge)
        if reason is None and badge is not None:
            until = expired_at(conn, meeting_id, self._journal.clock.now_ms())
            if until is not None:
                return RefusalReason.EXPIRED, expiry_advice(until)
        return reason, ""

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


def admission_problem(
    conn: Connection, meeting_id: str, participant_id: str, badge: tuple[int, str] | None
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
    if badge is not None and not badge_admits(conn, meeting_id, participant_id, *badge):
        return RefusalReason.REVOKED
    return None


def badge_admits(
    conn: Connection, meeting_id: str, participant_id: str, serial: int, key_id: str
) -> bool:
    """Whether this badge (serial of the device with ``key_id``) still admits its holder.

    A revoked badge does not. When two desks reissued a badge for the same person while apart,
    both new badges are unrevoked: the one issued last (highest HLC stamp, then device id) admits,
    the other is refused as replaced. Every desk applies the same rule to the same rows, so they
    agree once synced.
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
    return any(row.device_id == newest.device_id and row.serial == newest.serial for row in mine)


def entry_label(name: str) -> str:
    """The undo label of a check-in: "Entrée de Jean", "Entrée d'Awa"."""
    if elides(name):
        return _("Entrée d'{name}").format(name=name)
    return _("Entrée de {name}").format(name=name)


def record_scan(
    conn: Connection,
    journal: Journal,
    meeting_id: str,
    participant_id: str | None,
    method: str,
    reason: RefusalReason | None,
    advice: str,
    raw_excerpt: str,
) -> ScanResult:
    known = participant_id if reason != RefusalReason.UNKNOWN_PARTICIPANT else None
    event = journal.append(
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
    name = display_name(conn, known) if known else ""
    people = [known] if known else []
    if reason is not None:
        refused = ChangeSet(
            meeting_id, _("Enregistrer l'entrée"), frozenset(), 1, changed=touched(checkin=people)
        )
        return ScanResult(
            ScanOutcome.REFUSED,
            event.event_id,
            known,
            name,
            reason=reason,
            advice=advice,
            change=refused,
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
    undoable = not duplicate and known is not None
    return ScanResult(
        ScanOutcome.DUPLICATE if duplicate else ScanOutcome.ACCEPTED,
        event.event_id,
        known,
        name,
        admitted_at_ms=admitted.since_device_time_ms,
        admitted_by_desk=admitted.label or "",
        change=ChangeSet(
            meeting_id,
            entry_label(name) if undoable else _("Enregistrer l'entrée"),
            CHECKIN_TOPICS,
            1,
            undo=CancelCheckIn(meeting_id, known) if undoable and known else None,
            redo=AdmitAgain(meeting_id, known) if undoable and known else None,
            changed=touched(attendance=people, checkin=people),
        ),
    )
