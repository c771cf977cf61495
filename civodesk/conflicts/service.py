"""Conflicts: concurrent edits of the same field, resolved by rule and kept for a person to review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from civodesk.changes import ChangeSet, touched
from civodesk.conflicts.handlers import CONFLICT_REVIEWED
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.journal.lww import conflicts_table
from civodesk.journal.store import Journal


@dataclass(frozen=True)
class ConflictView:
    id: str
    entity_type: str
    entity_id: str
    field: str
    kept_value: Any
    other_value: Any
    resolved: bool


class ConflictService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def list_conflicts(self, meeting_id: str, include_resolved: bool = False) -> list[ConflictView]:
        query = select(conflicts_table).where(conflicts_table.c.meeting_id == meeting_id)
        if not include_resolved:
            query = query.where(conflicts_table.c.resolved_event_id.is_(None))
        with self._db.read() as conn:
            rows = conn.execute(query.order_by(conflicts_table.c.id)).all()
        return [
            ConflictView(
                id=row.id,
                entity_type=row.entity_type,
                entity_id=row.entity_id,
                field=row.field,
                kept_value=json.loads(row.winner_value),
                other_value=json.loads(row.loser_value),
                resolved=row.resolved_event_id is not None,
            )
            for row in rows
        ]

    def mark_reviewed(self, meeting_id: str, conflict_id: str) -> ChangeSet:
        """Record that a person checked the kept value (to keep the other one, edit the field)."""
        with self._db.write() as conn:
            known = conn.execute(
                select(conflicts_table.c.id).where(
                    conflicts_table.c.id == conflict_id, conflicts_table.c.meeting_id == meeting_id
                )
            ).one_or_none()
            if known is None:
                raise LookupError(_("Conflit introuvable."))
            self._journal.append(conn, meeting_id, CONFLICT_REVIEWED, {"conflict_id": conflict_id})
        return ChangeSet(
            meeting_id,
            _("Marquer le conflit comme vu"),
            frozenset({"conflicts"}),
            1,
            changed=touched(conflicts=[conflict_id]),
        )
