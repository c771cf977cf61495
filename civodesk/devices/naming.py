"""The desk's name: what other desks and the duplicate message call this laptop ("entrée").

It starts as the host name (``store.database_device``) and is set by the person at first run or
later. Until a person chose it (``name_chosen``), the application asks for it when it starts,
prefilled with ``suggest_desk_name``; keeping the suggestion counts as choosing it. The name lives with the device identity of this database, and every meeting this desk
writes to learns it from the desk's own signed stream: ``device.joined`` carries the name at the
time, and a ``device.renamed`` event the new one, so the other desks show it after a sync.
"""

from __future__ import annotations

import socket
from collections.abc import Collection
from dataclasses import dataclass, replace

from sqlalchemy import Connection, select, update

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.devices.handlers import DEVICE_RENAMED, device_keys
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


@dataclass(frozen=True)
class DeskNaming:
    """What the first run needs: the desk's name, whether a person chose it, what to propose."""

    name: str
    chosen: bool
    suggestion: str


def suggest_desk_name(current: str, host: str, others: Collection[str]) -> str:
    """The name to propose: the current one if a person typed it, else the first free « Accueil N ».

    The host name ("vm", "PC-MAIRIE-03") says nothing at the door; ``others`` are the names of
    the other desks this database knows, so two desks of a meeting are not proposed the same name.
    """
    taken = {name.casefold() for name in others}
    if current and current != host and current.casefold() not in taken:
        return current
    number = 1
    while (name := _("Accueil {number}").format(number=number)).casefold() in taken:
        number += 1
    return name


class DeskNameService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def desk_name(self) -> str:
        return self._journal.device.label

    def naming(self) -> DeskNaming:
        """The name, whether a person chose it, and the suggestion the first run offers."""
        device = self._journal.device
        with self._db.read() as conn:
            chosen = _name_chosen(conn)
            others = conn.execute(
                select(device_keys.c.label)
                .where(device_keys.c.device_id != device.device_id, device_keys.c.label != "")
                .distinct()
            ).scalars()
            suggestion = suggest_desk_name(device.label, socket.gethostname(), list(others))
        return DeskNaming(device.label, chosen, suggestion)

    def rename_desk(self, name: str) -> ChangeSet:
        """Name this desk (a person's choice, never asked again at start-up); each meeting it has
        written to records a new name in its stream."""
        cleaned = clean_desk_name(name)
        device = self._journal.device
        with self._db.write() as conn:
            if cleaned == device.label and _name_chosen(conn):
                return ChangeSet("", _("Renommer le poste"), frozenset(), 0)
            conn.execute(
                update(device_identity_table)
                .where(device_identity_table.c.id == IDENTITY_ROW)
                .values(label=cleaned, name_chosen=True)
            )
            meetings = (
                []
                if cleaned == device.label
                else sorted(
                    conn.execute(
                        select(events_table.c.meeting_id)
                        .where(events_table.c.device_id == device.device_id)
                        .distinct()
                    ).scalars()
                )
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


def _name_chosen(conn: Connection) -> bool:
    return bool(
        conn.execute(
            select(device_identity_table.c.name_chosen).where(
                device_identity_table.c.id == IDENTITY_ROW
            )
        ).scalar()
    )
