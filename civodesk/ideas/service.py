"""Capturing and listing ideas."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import func, select

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ideas.handlers import IDEA_CAPTURED, ideas_table
from civodesk.ideas.idea import IdeaFields, IdeaSource, IdeaView
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.meetings.service import require_editable

IDEA_TOPICS = frozenset({"ideas"})


class IdeaService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def capture_many(self, meeting_id: str, ideas: Sequence[IdeaFields]) -> ChangeSet:
        errors = [
            FieldError("text", _("Ligne {row} : le texte de l'idée est vide.").format(row=row))
            for row, idea in enumerate(ideas, start=1)
            if not idea.text.strip()
        ]
        if errors:
            raise ValidationError(errors)
        ids = [new_id() for _idea in ideas]
        events = [
            NewEvent(
                IDEA_CAPTURED,
                {
                    "idea_id": idea_id,
                    "text": idea.text.strip(),
                    "source": idea.source.value,
                    "agenda_item_id": idea.agenda_item_id,
                },
            )
            for idea_id, idea in zip(ids, ideas, strict=True)
        ]
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._journal.append_many(conn, meeting_id, events)
        return ChangeSet(
            meeting_id,
            _("Noter des idées"),
            IDEA_TOPICS,
            len(events),
            created_ids=tuple(ids),
            changed=touched(ideas=ids),
        )

    def count(self, meeting_id: str) -> int:
        with self._db.read() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        ideas_table.c.meeting_id == meeting_id, ideas_table.c.removed.is_(False)
                    )
                ).scalar_one()
            )

    def list_ideas(self, meeting_id: str, among: Collection[str] | None = None) -> list[IdeaView]:
        """The meeting's ideas in the order they were captured; ``among`` keeps only those (the
        ideas a change touched)."""
        query = (
            select(ideas_table)
            .where(ideas_table.c.meeting_id == meeting_id, ideas_table.c.removed.is_(False))
            .order_by(ideas_table.c.captured_hlc)
        )
        if among is not None:
            query = query.where(ideas_table.c.id.in_(sorted(among)))
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [
            IdeaView(row.id, row.text, IdeaSource(row.source), row.agenda_item_id) for row in rows
        ]
