"""Undoing a check-in made by mistake: an inverse event, never an erased row.

``cancel_check_in`` appends ``checkin.cancelled`` naming the person's latest accepted check-in;
its handler takes that scan out of the attendance, so presence at a time never counts the
mistaken seconds. Redo checks the person in again (a new scan), which a later undo cancels in
turn: the commands name the person, not a scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.desk import CHECKIN_TOPICS, DeskPart, require_meeting
from civodesk.checkin.handlers import CHECKIN_CANCELLED, scans_table
from civodesk.checkin.presence import CHECK_IN
from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError, ValidationError

if TYPE_CHECKING:
    from civodesk.services import Services


@dataclass(frozen=True)
class CancelCheckIn:
    """Undo of a check-in: the person's latest accepted check-in is cancelled."""

    meeting_id: str
    participant_id: str

    def run(self, services: Services) -> ChangeSet:
        return services.checkin.cancel_check_in(self.meeting_id, self.participant_id)


@dataclass(frozen=True)
class AdmitAgain:
    """Redo of a check-in: the person is checked in again (a new scan event)."""

    meeting_id: str
    participant_id: str

    def run(self, services: Services) -> ChangeSet:
        result = services.checkin.check_in(self.meeting_id, self.participant_id, "search")
        if result.change is None:
            raise ValidationError([FieldError("participant", result.message)])
        return result.change


class CancellationDesk(DeskPart):
    def cancel_check_in(self, meeting_id: str, participant_id: str) -> ChangeSet:
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            scan_id = conn.execute(
                select(scans_table.c.event_id)
                .where(
                    scans_table.c.meeting_id == meeting_id,
                    scans_table.c.participant_id == participant_id,
                    scans_table.c.direction == CHECK_IN,
                    scans_table.c.accepted.is_(True),
                    scans_table.c.duplicate.is_(False),
                )
                .order_by(scans_table.c.hlc.desc())
                .limit(1)
            ).scalar()
            if scan_id is None:
                raise ValidationError(
                    [FieldError("participant", _("Aucune entrée à annuler pour cette personne."))]
                )
            self._journal.append(
                conn,
                meeting_id,
                CHECKIN_CANCELLED,
                {"participant_id": participant_id, "scan_event_id": scan_id},
            )
        return ChangeSet(
            meeting_id,
            _("Annuler l'entrée"),
            CHECKIN_TOPICS,
            1,
            undo=AdmitAgain(meeting_id, participant_id),
            redo=CancelCheckIn(meeting_id, participant_id),
            changed=touched(attendance=[participant_id], checkin=[participant_id]),
        )
