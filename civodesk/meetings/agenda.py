"""The agenda of a meeting: adding, editing, removing and moving its items.

Items are ordered by a fractional position, so moving one item is one event; when two neighbours
get too close for a number between them, the agenda is respaced first (one edit per item moved).
Part of ``MeetingService`` (a mixin): callers keep one service for a meeting and its agenda.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.guards import require_editable, require_valid
from civodesk.meetings.handlers import AGENDA_ITEM_ADDED, AGENDA_ITEM_EDITED, agenda_items
from civodesk.meetings.meeting import AgendaItemFields, validate_agenda_item

if TYPE_CHECKING:
    from civodesk.services import Services

AGENDA_TOPICS = frozenset({"agenda"})


@dataclass(frozen=True)
class SetAgendaItemFields:
    """Undo/redo: set fields of an agenda item (``removed`` included) to these values."""

    meeting_id: str
    item_id: str
    changes: Mapping[str, Any]

    def run(self, services: Services) -> ChangeSet:
        return services.meetings.replay_agenda_item_fields(self)


class AgendaEditing:
    """The agenda half of ``MeetingService``."""

    _db: Database
    _journal: Journal

    def add_agenda_item(
        self, meeting_id: str, fields: AgendaItemFields, index: int | None = None
    ) -> ChangeSet:
        """Insert an item at ``index`` (the end by default)."""
        require_valid(validate_agenda_item(fields))
        item_id = new_id()
        with self._db.write() as conn:
            self._require_editable(conn, meeting_id)
            position = self._position_for(conn, meeting_id, index, moving=None)
            if position is None:
                self._respace_agenda(conn, meeting_id)
                position = self._position_for(conn, meeting_id, index, moving=None)
            self._journal.append(
                conn,
                meeting_id,
                AGENDA_ITEM_ADDED,
                {
                    "item_id": item_id,
                    "title": fields.title.strip(),
                    "duration_minutes": fields.duration_minutes,
                    "position": position,
                },
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Ajouter un point à l'ordre du jour"),
            topics=AGENDA_TOPICS,
            event_count=1,
            undo=SetAgendaItemFields(meeting_id, item_id, {"removed": True}),
            redo=SetAgendaItemFields(meeting_id, item_id, {"removed": False}),
            created_ids=(item_id,),
            changed=touched(agenda=[item_id]),
        )

    def update_agenda_item(
        self,
        meeting_id: str,
        item_id: str,
        fields: AgendaItemFields,
        base_version: str | None = None,
    ) -> ChangeSet:
        require_valid(validate_agenda_item(fields))
        changes = {"title": fields.title.strip(), "duration_minutes": fields.duration_minutes}
        return self._set_item_fields(
            meeting_id, item_id, changes, base_version, _("Modifier le point")
        )

    def remove_agenda_item(self, meeting_id: str, item_id: str) -> ChangeSet:
        return self._set_item_fields(
            meeting_id, item_id, {"removed": True}, None, _("Retirer le point")
        )

    def move_agenda_item(self, meeting_id: str, item_id: str, new_index: int) -> ChangeSet:
        """Move an item so it ends up at ``new_index`` in the agenda."""
        with self._db.read() as conn:
            position = self._position_for(conn, meeting_id, new_index, moving=item_id)
        if position is None:
            # Its own transaction, before the move: undoing the move then puts the item back
            # among the respaced positions, where it was.
            with self._db.write() as conn:
                self._require_editable(conn, meeting_id)
                self._respace_agenda(conn, meeting_id)
                position = self._position_for(conn, meeting_id, new_index, moving=item_id)
        return self._set_item_fields(
            meeting_id, item_id, {"position": position}, None, _("Déplacer le point")
        )

    def _set_item_fields(
        self,
        meeting_id: str,
        item_id: str,
        changes: Mapping[str, Any],
        base: str | None,
        label: str,
    ) -> ChangeSet:
        with self._db.write() as conn:
            self._require_editable(conn, meeting_id)
            row = conn.execute(
                select(agenda_items).where(
                    agenda_items.c.id == item_id, agenda_items.c.meeting_id == meeting_id
                )
            ).one_or_none()
            if row is None:
                raise LookupError(_("Point de l'ordre du jour introuvable."))
            changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
            if not changes:
                return ChangeSet(meeting_id, label, frozenset(), 0)
            before = {name: getattr(row, name) for name in changes}
            self._journal.append(
                conn,
                meeting_id,
                AGENDA_ITEM_EDITED,
                {"item_id": item_id, "base": base or row.version, "changes": dict(changes)},
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=label,
            topics=AGENDA_TOPICS,
            event_count=1,
            undo=SetAgendaItemFields(meeting_id, item_id, before),
            redo=SetAgendaItemFields(meeting_id, item_id, dict(changes)),
            changed=touched(agenda=[item_id]),
        )

    def _require_editable(self, conn: Connection, meeting_id: str) -> None:
        require_editable(conn, meeting_id)

    def _position_for(
        self, conn: Connection, meeting_id: str, index: int | None, moving: str | None
    ) -> float | None:
        """A position between the neighbours at ``index`` (fractional, so one event moves one item).

        None when the neighbours are too close for a number strictly between them (after many
        moves into the same gap): the agenda must be respaced first.
        """
        positions: list[float] = [
            float(position)
            for item_id, position in self._agenda_positions(conn, meeting_id)
            if item_id != moving
        ]
        if index is None or index >= len(positions):
            return (positions[-1] + 1.0) if positions else 1.0
        index = max(index, 0)
        after = positions[index]
        before = positions[index - 1] if index > 0 else after - 2.0
        middle = (before + after) / 2
        return middle if before < middle < after else None

    def _agenda_positions(self, conn: Connection, meeting_id: str) -> list[tuple[str, float]]:
        return [
            (row.id, row.position)
            for row in conn.execute(
                select(agenda_items.c.id, agenda_items.c.position)
                .where(agenda_items.c.meeting_id == meeting_id, agenda_items.c.removed.is_(False))
                .order_by(agenda_items.c.position, agenda_items.c.id)
            )
        ]

    def _respace_agenda(self, conn: Connection, meeting_id: str) -> None:
        """Give the items positions 1, 2, 3… in their current order (one edit per item moved)."""
        versions = dict(
            conn.execute(
                select(agenda_items.c.id, agenda_items.c.version).where(
                    agenda_items.c.meeting_id == meeting_id
                )
            ).all()
        )
        self._journal.append_many(
            conn,
            meeting_id,
            [
                NewEvent(
                    AGENDA_ITEM_EDITED,
                    {
                        "item_id": item_id,
                        "base": versions[item_id],
                        "changes": {"position": float(number)},
                    },
                )
                for number, (item_id, position) in enumerate(
                    self._agenda_positions(conn, meeting_id), start=1
                )
                if position != float(number)
            ],
        )

    def replay_agenda_item_fields(self, command: SetAgendaItemFields) -> ChangeSet:
        return self._set_item_fields(
            command.meeting_id, command.item_id, command.changes, None, _("Modifier le point")
        )
