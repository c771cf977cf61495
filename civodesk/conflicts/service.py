"""Conflicts: concurrent edits of the same field, and one-per-person rules two desks broke
(``rule_conflicts``); each is settled by a rule at once and listed for a person to review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.desk import require_meeting
from civodesk.conflicts.handlers import CONFLICT_REVIEWED
from civodesk.conflicts.rule_conflicts import breaches_by_id, describe, resolution_events
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
    kind: str = "edit"
    """``edit`` (two edits of one field: reviewing marks it seen) or ``rule`` (a one-per-person
    rule: resolving withdraws what the rule set aside)."""


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
            rules = [
                ConflictView(
                    id=conflict_id,
                    entity_type=breach.kind,
                    entity_id=breach.subject_id,
                    field=breach.kind,
                    kept_value=describe(conn, meeting_id, breach, breach.kept),
                    other_value=describe(conn, meeting_id, breach, breach.set_aside),
                    resolved=False,
                    kind="rule",
                )
                for conflict_id, breach in breaches_by_id(conn, meeting_id).items()
            ]
        return rules + [
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

    def resolve_rule(self, meeting_id: str, conflict_id: str) -> ChangeSet:
        """Keep the rule's choice for good: withdraw the set-aside proxies or badges, cancel the
        second entry. Refused if the breach is gone (another desk resolved it meanwhile)."""
        with self._db.write() as conn:
            require_meeting(conn, meeting_id, writable=True)
            breach = breaches_by_id(conn, meeting_id).get(conflict_id)
            if breach is None:
                raise LookupError(_("Ce conflit est déjà résolu."))
            new_events = resolution_events(conn, meeting_id, breach)
            self._journal.append_many(conn, meeting_id, new_events)
        people = [breach.subject_id]
        changed = touched(conflicts=[conflict_id], attendance=people, checkin=people)
        if breach.kind == "badge":
            changed = {**changed, **touched(badges=people)}
        elif breach.kind != "arrival":
            changed = {**changed, **touched(proxies=breach.set_aside)}
        return ChangeSet(
            meeting_id, _("Résoudre le conflit"), frozenset(), len(new_events), changed=changed
        )

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
