"""Personal data (RGPD): a person's right of access and erasure, and the purge of a closed meeting.

The purge and the erasure are events (``personal_data.purged``, ``participant.erased``; see
``civodesk.privacy.handlers``): every desk and the server that receive them erase the same data,
and the journal stays verifiable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.desk import BADGE_TOPICS, CHECKIN_TOPICS, require_meeting
from civodesk.db.database import Database
from civodesk.hooks import AFTER_ERASURE, hooks
from civodesk.i18n import _
from civodesk.journal.store import Journal, events_table, row_to_event
from civodesk.meetings.meeting import MeetingStatus
from civodesk.participants.handlers import participants_table as participants
from civodesk.participants.service import participant_row
from civodesk.privacy.handlers import (
    PARTICIPANT_ERASED,
    PERSONAL_DATA_PURGED,
    erased_participants,
    is_purged,
)


class PrivacyService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

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
                            events_table.c.payload.like(f'%"owner_id":"{participant_id}"%'),
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
            "consent": bool(row.consent),
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
            status = require_meeting(conn, meeting_id, writable=False)
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
            _erase_elsewhere(conn)
        self._db.flush_erased_data()  # no copy of the erased names left in the WAL
        return ChangeSet(
            meeting_id,
            _("Effacer les données personnelles"),
            CHECKIN_TOPICS | BADGE_TOPICS | {"participants"},
            1,
        )

    def erase_participant(self, meeting_id: str, participant_id: str) -> ChangeSet:
        """Forget one person at their request, at any time: names and contacts, everywhere.

        Their attendance and anonymous facts (commune, age bracket) still count; the journal keeps
        every hash. Irreversible, so not undoable: the interface asks first.
        """
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=False)
            participant_row(conn, meeting_id, participant_id)
            if participant_id in erased_participants(conn, meeting_id):
                raise PermissionError(_("Les données de cette personne ont déjà été effacées."))
            self._journal.append(
                conn, meeting_id, PARTICIPANT_ERASED, {"participant_id": participant_id}
            )
            _erase_elsewhere(conn)
        self._db.flush_erased_data()  # no copy of the erased name left in the WAL
        person = [participant_id]
        return ChangeSet(
            meeting_id,
            _("Effacer les données de la personne"),
            frozenset(),
            1,
            changed=touched(participants=person, checkin=person, attendance=person, badges=person),
        )

    def participant_erased(self, meeting_id: str, participant_id: str) -> bool:
        with self._db.read() as conn:
            return participant_id in erased_participants(conn, meeting_id)

    def personal_data_purged(self, meeting_id: str) -> bool:
        with self._db.read() as conn:
            return is_purged(conn, meeting_id)


def _erase_elsewhere(conn: Connection) -> None:
    """Copies the core does not hold (the sync client's held events) are erased in the same
    transaction."""
    for hook in hooks(AFTER_ERASURE):
        hook(conn)
