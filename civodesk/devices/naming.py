"""The desk's name: what other desks and the duplicate message call this laptop ("entrée").

It starts as the host name (``store.database_device``) and is set by the person at first run or
later. The name lives with the device identity of this database, and every meeting this desk
writes to learns it from the desk's own signed stream: ``device.joined`` carries the name at the
time, and a ``device.renamed`` event the new one, so the other desks show it after a sync.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, update

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.devices.handlers import DEVICE_RENAMED
from civodesk.devices.store import IDENTITY_ROW, device_identity_table
from civodesk.i18n import _
from civodesk.journal.store import Journal, events_table
from civodesk.meetings.meeting import FieldError, ValidationError

MAX_DESK_NAME = 60


def clean_desk_name(name: str) -> str:
    """The name as kept, or ValidationError: one line, 1 to 60 characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError([FieldError("desk_name", _("Donnez un nom à ce poste."))])
    if len(cleaned) > MAX_DESK_NAME:
        raise ValidationError(
            [
                FieldError(
                    "desk_name",
                    _("Le nom du poste est trop long ({max} caractères au plus).").format(
                        max=MAX_DESK_NAME
                    ),
                )
            ]
        )
    return cleaned


class DeskNameService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def desk_name(self) -> str:
        return self._journal.device.label

    def rename_desk(self, name: str) -> ChangeSet:
        """Name this desk; each meeting it has written to records the new name in its stream."""
        cleaned = clean_desk_name(name)
        if cleaned == self._journal.device.label:
            return ChangeSet("", _("Renommer le poste"), frozenset(), 0)
        device = self._journal.device
        with self._db.write() as conn:
            conn.execute(
                update(device_identity_table)
                .where(device_identity_table.c.id == IDENTITY_ROW)
                .values(label=cleaned)
            )
            meetings = sorted(
                conn.execute(
                    select(events_table.c.meeting_id)
                    .where(events_table.c.device_id == device.device_id)
                    .distinct()
                ).scalars()
            )
            self._journal.device = replace(device, label=cleaned)
            try:
                for meeting_id in meetings:
                    self._journal.append(conn, meeting_id, DEVICE_RENAMED, {"label": cleaned})
            except BaseException:
                self._journal.device = device  # the transaction rolls back: so does the name
                raise
        return ChangeSet(
            meetings[0] if len(meetings) == 1 else "",
            _("Renommer le poste"),
            frozenset({"desks"}),
            len(meetings),
            changed=touched(desks=[device.device_id]),
        )
