"""Capturing, editing, grouping, merging and supporting ideas.

Every action validates first, writes its events and projections in one transaction, and returns a
``ChangeSet`` naming the ideas and clusters it touched (so the wall and the projector update only
those) with the inverse command for undo.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.handlers import attendance_table
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ideas.commands import AddSupports, SetIdeaWallFields, SetSupportCount
from civodesk.ideas.grouping import IDEA_TOPICS, IdeaGrouping
from civodesk.ideas.handlers import (
    CLUSTER_EDITED,
    IDEA_CAPTURED,
    IDEA_EDITABLE,
    IDEA_EDITED,
    IDEA_SUPPORT_COUNTED,
    IDEA_SUPPORTED,
    clusters_table,
    ideas_table,
)
from civodesk.ideas.idea import (
    ClusterNotFoundError,
    ClusterView,
    IdeaEditEntry,
    IdeaFields,
    IdeaFilter,
    IdeaNotFoundError,
    IdeaView,
    IdeaWall,
    clean_tags,
    refuse,
    stored_value,
    validate_colour,
    validate_idea_text,
    validate_tags,
)
from civodesk.ideas.reading import (
    IdeaMatcher,
    build_wall,
    read_clusters,
    read_history,
    read_ideas,
    read_present_people,
)
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.guards import require_editable
from civodesk.meetings.handlers import agenda_items
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.handlers import participants_table

MAX_SUPPORTS = 100_000


class IdeaService(IdeaGrouping):
    def __init__(self, database: Database, journal: Journal) -> None:
        super().__init__(database, journal)
        self._matcher = IdeaMatcher()

    # Capture ---------------------------------------------------------------------------------

    def capture(self, meeting_id: str, idea: IdeaFields) -> ChangeSet:
        return self.capture_many(meeting_id, [idea])

    def capture_many(self, meeting_id: str, ideas: Sequence[IdeaFields]) -> ChangeSet:
        """Ideas typed or read from post-its; undo withdraws them (they stay in the history)."""
        errors = [
            FieldError("text", _("Ligne {row} : le texte de l'idée est vide.").format(row=row))
            for row, idea in enumerate(ideas, start=1)
            if not idea.text.strip()
        ]
        for idea in ideas:
            if idea.text.strip():
                errors += validate_idea_text(idea.text)
            errors += validate_tags(clean_tags(idea.tags)) + validate_colour(idea.colour)
        refuse(errors)
        ids = [new_id() for _idea in ideas]
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._check_references(conn, meeting_id, ideas)
            positions = self._next_positions(conn, meeting_id, {i.cluster_id for i in ideas})
            events = []
            for idea_id, idea in zip(ids, ideas, strict=True):
                position = positions.get(idea.cluster_id, 0.0)
                positions[idea.cluster_id] = position + 1
                events.append(
                    NewEvent(IDEA_CAPTURED, self._capture_payload(idea_id, idea, position))
                )
            if events:
                self._journal.append_many(conn, meeting_id, events)
        label = _("Noter une idée") if len(ids) == 1 else _("Noter des idées")
        return ChangeSet(
            meeting_id,
            label,
            IDEA_TOPICS,
            len(events),
            undo=SetIdeaWallFields(meeting_id, label, tuple((i, {"withdrawn": True}) for i in ids)),
            redo=SetIdeaWallFields(
                meeting_id, label, tuple((i, {"withdrawn": False}) for i in ids)
            ),
            created_ids=tuple(ids),
            changed=touched(ideas=ids),
        )

    @staticmethod
    def _capture_payload(idea_id: str, idea: IdeaFields, position: float) -> dict[str, Any]:
        # The text is kept exactly as typed (only surrounding blanks go): 20,000 characters,
        # emoji and mixed scripts are stored intact; the wall shortens its display, not the data.
        return {
            "idea_id": idea_id,
            "text": idea.text.strip(),
            "source": idea.source.value,
            "agenda_item_id": idea.agenda_item_id,
            "question_id": idea.question_id,
            "author_id": idea.author_id,
            "tags": list(clean_tags(idea.tags)),
            "colour": idea.colour,
            "cluster_id": idea.cluster_id,
            "cluster_position": position,
        }

    def _check_references(
        self, conn: Connection, meeting_id: str, ideas: Sequence[IdeaFields]
    ) -> None:
        """Agenda item, cluster and author must belong to the meeting; authors be checked in."""
        errors: list[FieldError] = []
        items = {idea.agenda_item_id for idea in ideas} - {None}
        if items:
            known = set(
                conn.execute(
                    select(agenda_items.c.id).where(
                        agenda_items.c.meeting_id == meeting_id, agenda_items.c.id.in_(items)
                    )
                ).scalars()
            )
            if items - known:
                errors.append(FieldError("agenda_item_id", _("Point de l'ordre du jour inconnu.")))
        clusters = {idea.cluster_id for idea in ideas} - {None}
        if clusters:
            known = set(
                conn.execute(
                    select(clusters_table.c.id).where(
                        clusters_table.c.meeting_id == meeting_id,
                        clusters_table.c.removed.is_(False),
                        clusters_table.c.id.in_(clusters),
                    )
                ).scalars()
            )
            if clusters - known:
                errors.append(FieldError("cluster_id", _("Groupe d'idées inconnu.")))
        authors = {idea.author_id for idea in ideas} - {None}
        if authors:
            present = set(
                conn.execute(
                    select(attendance_table.c.participant_id)
                    .join(
                        participants_table,
                        participants_table.c.id == attendance_table.c.participant_id,
                    )
                    .where(
                        attendance_table.c.meeting_id == meeting_id,
                        attendance_table.c.present.is_(True),
                        participants_table.c.removed.is_(False),
                        attendance_table.c.participant_id.in_(authors),
                    )
                ).scalars()
            )
            if authors - present:
                errors.append(
                    FieldError(
                        "author_id",
                        _("L'auteur d'une idée doit être un participant présent (pointé)."),
                    )
                )
        refuse(errors)

    def _next_positions(
        self, conn: Connection, meeting_id: str, clusters: Collection[str | None]
    ) -> dict[str | None, float]:
        """The next free position at the end of each of ``clusters`` (one indexed query each,
        not a scan of the meeting's ideas: capture time does not grow with the wall)."""
        positions: dict[str | None, float] = {}
        for cluster_id in clusters:
            top = conn.execute(
                select(func.max(ideas_table.c.cluster_position)).where(
                    ideas_table.c.meeting_id == meeting_id,
                    ideas_table.c.cluster_id.is_(None)
                    if cluster_id is None
                    else ideas_table.c.cluster_id == cluster_id,
                )
            ).scalar_one()
            if top is not None:
                positions[cluster_id] = float(top) + 1
        return positions

    # Editing ---------------------------------------------------------------------------------

    def edit_idea(self, meeting_id: str, idea_id: str, changes: Mapping[str, Any]) -> ChangeSet:
        """Change text, tags, colour, author, item or cluster; the history keeps every version."""
        unknown = set(changes) - IDEA_EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        values = dict(changes)
        errors: list[FieldError] = []
        if "text" in values:
            errors += validate_idea_text(values["text"])
            values["text"] = values["text"].strip()
        if "tags" in values:
            values["tags"] = list(clean_tags(values["tags"]))
            errors += validate_tags(values["tags"])
        if "colour" in values:
            errors += validate_colour(values["colour"])
        refuse(errors)
        return self.set_wall_fields(
            SetIdeaWallFields(meeting_id, _("Modifier une idée"), ((idea_id, values),))
        )

    def withdraw(self, meeting_id: str, idea_id: str) -> ChangeSet:
        return self.set_wall_fields(
            SetIdeaWallFields(meeting_id, _("Retirer une idée"), ((idea_id, {"withdrawn": True}),))
        )

    def restore(self, meeting_id: str, idea_id: str) -> ChangeSet:
        return self.set_wall_fields(
            SetIdeaWallFields(
                meeting_id, _("Rétablir une idée"), ((idea_id, {"withdrawn": False}),)
            )
        )

    def set_wall_fields(self, command: SetIdeaWallFields) -> ChangeSet:
        """Apply field changes to ideas and clusters in one transaction; undo restores the old."""
        meeting_id = command.meeting_id
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            events, undo_ideas, undo_clusters = [], [], []
            cluster_ids = [cid for cid, _changes in command.clusters]
            for cluster_id, changes in command.clusters:
                event, previous = self._edit_event(
                    conn, meeting_id, clusters_table, cluster_id, changes, CLUSTER_EDITED
                )
                if event is not None:
                    events.append(event)
                    undo_clusters.append((cluster_id, previous))
            known_clusters = self._live_clusters(conn, meeting_id)
            for cluster_id, changes in command.clusters:
                if changes.get("removed") is True:
                    known_clusters.discard(cluster_id)
                elif changes.get("removed") is False:
                    known_clusters.add(cluster_id)
            for idea_id, changes in command.ideas:
                target = changes.get("cluster_id")
                if target is not None and target not in known_clusters:
                    raise ClusterNotFoundError(target)
                event, previous = self._edit_event(
                    conn, meeting_id, ideas_table, idea_id, changes, IDEA_EDITED
                )
                if event is not None:
                    events.append(event)
                    undo_ideas.append((idea_id, previous))
            if events:
                self._journal.append_many(conn, meeting_id, events)
        return ChangeSet(
            meeting_id,
            command.label,
            IDEA_TOPICS,
            len(events),
            undo=SetIdeaWallFields(
                meeting_id, command.label, tuple(reversed(undo_ideas)), tuple(undo_clusters)
            ),
            redo=command,
            changed=touched(
                ideas=[idea_id for idea_id, _changes in command.ideas], clusters=cluster_ids
            ),
        )

    def _live_clusters(self, conn: Connection, meeting_id: str) -> set[str]:
        return set(
            conn.execute(
                select(clusters_table.c.id).where(
                    clusters_table.c.meeting_id == meeting_id, clusters_table.c.removed.is_(False)
                )
            ).scalars()
        )

    def _edit_event(
        self,
        conn: Connection,
        meeting_id: str,
        table: Any,
        entity_id: str,
        changes: Mapping[str, Any],
        event_type: str,
    ) -> tuple[NewEvent | None, dict[str, Any]]:
        """The edit event for the fields that really change, and their previous values."""
        row = conn.execute(
            select(table).where(table.c.id == entity_id, table.c.meeting_id == meeting_id)
        ).one_or_none()
        if row is None:
            raise (
                IdeaNotFoundError(entity_id)
                if table is ideas_table
                else ClusterNotFoundError(entity_id)
            )
        current = row._mapping
        previous = {name: stored_value(name, current[name]) for name in changes}
        actual = {name: value for name, value in changes.items() if previous[name] != value}
        if not actual:
            return None, {}
        key = "idea_id" if table is ideas_table else "cluster_id"
        payload = {key: entity_id, "base": row.version, "changes": actual}
        return NewEvent(event_type, payload), {name: previous[name] for name in actual}

    # Supports --------------------------------------------------------------------------------

    def support(self, meeting_id: str, idea_id: str, amount: int = 1) -> ChangeSet:
        """ "+1" from the floor (or +n); undo takes them back."""
        if amount == 0 or abs(amount) > MAX_SUPPORTS:
            raise ValidationError([FieldError("supports", _("Nombre de soutiens invalide."))])
        self._write_support(meeting_id, idea_id, IDEA_SUPPORTED, {"amount": amount})
        return ChangeSet(
            meeting_id,
            _("Soutenir une idée"),
            IDEA_TOPICS,
            1,
            undo=AddSupports(meeting_id, idea_id, -amount),
            redo=AddSupports(meeting_id, idea_id, amount),
            changed=touched(ideas=[idea_id]),
        )

    def set_support_count(self, meeting_id: str, idea_id: str, count: int) -> ChangeSet:
        """The count from a show of hands; undo puts back the count it replaced."""
        if not 0 <= count <= MAX_SUPPORTS:
            raise ValidationError(
                [FieldError("supports", _("Le nombre de soutiens doit être positif ou nul."))]
            )
        previous = self._write_support(meeting_id, idea_id, IDEA_SUPPORT_COUNTED, {"count": count})
        return ChangeSet(
            meeting_id,
            _("Compter les soutiens"),
            IDEA_TOPICS,
            1,
            undo=SetSupportCount(meeting_id, idea_id, previous),
            redo=SetSupportCount(meeting_id, idea_id, count),
            changed=touched(ideas=[idea_id]),
        )

    def _write_support(
        self, meeting_id: str, idea_id: str, event_type: str, values: dict[str, int]
    ) -> int:
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            previous = conn.execute(
                select(ideas_table.c.supports).where(
                    ideas_table.c.id == idea_id, ideas_table.c.meeting_id == meeting_id
                )
            ).scalar()
            if previous is None:
                raise IdeaNotFoundError(idea_id)
            self._journal.append_many(
                conn, meeting_id, [NewEvent(event_type, {"idea_id": idea_id, **values})]
            )
        return int(previous)

    # Reading ---------------------------------------------------------------------------------

    def count(self, meeting_id: str) -> int:
        with self._db.read() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        ideas_table.c.meeting_id == meeting_id,
                        ideas_table.c.removed.is_(False),
                        ideas_table.c.withdrawn.is_(False),
                        ideas_table.c.merged_into.is_(None),
                    )
                ).scalar_one()
            )

    def list_ideas(self, meeting_id: str, wanted: IdeaFilter | None = None) -> list[IdeaView]:
        """Ideas on the wall (not withdrawn nor merged, unless asked), in capture order."""
        with self._db.read() as conn:
            ideas = read_ideas(conn, meeting_id)
        return self._matcher.select(ideas, wanted or IdeaFilter())

    def get_ideas(self, meeting_id: str, idea_ids: Sequence[str]) -> list[IdeaView]:
        """Those ideas as they are now (what a view needs to update only the rows that changed)."""
        wanted = set(idea_ids)
        with self._db.read() as conn:
            return [idea for idea in read_ideas(conn, meeting_id, wanted) if idea.id in wanted]

    def clusters(self, meeting_id: str) -> list[ClusterView]:
        with self._db.read() as conn:
            return read_clusters(conn, meeting_id)

    def wall(self, meeting_id: str, wanted: IdeaFilter | None = None) -> IdeaWall:
        with self._db.read() as conn:
            ideas = read_ideas(conn, meeting_id)
            clusters = read_clusters(conn, meeting_id)
        return build_wall(ideas, clusters, wanted or IdeaFilter())

    def possible_authors(self, meeting_id: str) -> list[tuple[str, str]]:
        """(participant id, name) of the checked-in participants, sorted by name."""
        with self._db.read() as conn:
            return read_present_people(conn, meeting_id)

    def history(self, meeting_id: str, idea_id: str) -> list[IdeaEditEntry]:
        with self._db.read() as conn:
            return read_history(conn, meeting_id, idea_id)
