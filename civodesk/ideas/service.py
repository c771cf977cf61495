"""Capturing, editing, grouping, merging and supporting ideas.

Every action validates first, writes its events and projections in one transaction, and returns a
``ChangeSet`` naming the ideas and clusters it touched (so the wall and the projector update only
those) with the inverse command for undo.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.handlers import attendance_table
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ideas.commands import AddSupports, SetIdeaWallFields, SetSupportCount
from civodesk.ideas.handlers import (
    CLUSTER_CREATED,
    CLUSTER_EDITED,
    IDEA_CAPTURED,
    IDEA_EDITABLE,
    IDEA_EDITED,
    IDEA_SUPPORT_COUNTED,
    IDEA_SUPPORTED,
    IDEAS_MERGED,
    clusters_table,
    ideas_table,
)
from civodesk.ideas.idea import (
    ClusterView,
    IdeaEditEntry,
    IdeaFields,
    IdeaFilter,
    IdeaView,
    IdeaWall,
    clean_tags,
    validate_cluster_name,
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
)
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.handlers import agenda_items
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.meetings.service import require_editable
from civodesk.participants.handlers import participants_table

IDEA_TOPICS = frozenset({"ideas"})
MAX_SUPPORTS = 100_000


class IdeaNotFoundError(LookupError):
    def __init__(self, idea_id: str) -> None:
        super().__init__(_("Idée introuvable : {id}").format(id=idea_id))


class ClusterNotFoundError(LookupError):
    def __init__(self, cluster_id: str) -> None:
        super().__init__(_("Groupe d'idées introuvable : {id}").format(id=cluster_id))


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


def _stored(name: str, value: Any) -> Any:
    """A column value as the payload carries it (tags are JSON in the table, lists in events)."""
    return json.loads(value) if name == "tags" else value


class IdeaService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal
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
            errors += validate_tags(clean_tags(idea.tags)) + validate_colour(idea.colour)
        _refuse(errors)
        ids = [new_id() for _idea in ideas]
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._check_references(conn, meeting_id, ideas)
            positions = self._next_positions(conn, meeting_id)
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
        _refuse(errors)

    def _next_positions(self, conn: Connection, meeting_id: str) -> dict[str | None, float]:
        rows = conn.execute(
            select(ideas_table.c.cluster_id, func.max(ideas_table.c.cluster_position))
            .where(ideas_table.c.meeting_id == meeting_id)
            .group_by(ideas_table.c.cluster_id)
        ).all()
        return {cluster: float(top) + 1 for cluster, top in rows}

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
        _refuse(errors)
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
        previous = {name: _stored(name, current[name]) for name in changes}
        actual = {name: value for name, value in changes.items() if previous[name] != value}
        if not actual:
            return None, {}
        key = "idea_id" if table is ideas_table else "cluster_id"
        payload = {key: entity_id, "base": row.version, "changes": actual}
        return NewEvent(event_type, payload), {name: previous[name] for name in actual}

    # Clusters and merges ---------------------------------------------------------------------

    def create_cluster(
        self,
        meeting_id: str,
        name: str,
        idea_ids: Sequence[str] = (),
        agenda_item_id: str | None = None,
    ) -> ChangeSet:
        """A named cluster, optionally taking ideas with it (how a cluster is split, too)."""
        _refuse(validate_cluster_name(name))
        cluster_id = new_id()
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            top = conn.execute(
                select(func.max(clusters_table.c.position)).where(
                    clusters_table.c.meeting_id == meeting_id
                )
            ).scalar()
            position = 0.0 if top is None else float(top) + 1
            event = NewEvent(
                CLUSTER_CREATED,
                {
                    "cluster_id": cluster_id,
                    "name": name.strip(),
                    "position": position,
                    "agenda_item_id": agenda_item_id,
                },
            )
            self._journal.append_many(conn, meeting_id, [event])
        label = _("Créer un groupe")
        change = ChangeSet(
            meeting_id,
            label,
            IDEA_TOPICS,
            1,
            undo=SetIdeaWallFields(meeting_id, label, clusters=((cluster_id, {"removed": True}),)),
            redo=SetIdeaWallFields(meeting_id, label, clusters=((cluster_id, {"removed": False}),)),
            created_ids=(cluster_id,),
            changed=touched(clusters=[cluster_id]),
        )
        if not idea_ids:
            return change
        moved = self.move_to_cluster(meeting_id, idea_ids, cluster_id)
        assert isinstance(moved.undo, SetIdeaWallFields)
        return ChangeSet(
            meeting_id,
            label,
            IDEA_TOPICS,
            change.event_count + moved.event_count,
            undo=SetIdeaWallFields(
                meeting_id, label, moved.undo.ideas, ((cluster_id, {"removed": True}),)
            ),
            redo=SetIdeaWallFields(
                meeting_id,
                label,
                tuple((idea_id, {"cluster_id": cluster_id}) for idea_id in idea_ids),
                ((cluster_id, {"removed": False}),),
            ),
            created_ids=(cluster_id,),
            changed=touched(clusters=[cluster_id], ideas=idea_ids),
        )

    def rename_cluster(self, meeting_id: str, cluster_id: str, name: str) -> ChangeSet:
        _refuse(validate_cluster_name(name))
        return self.set_wall_fields(
            SetIdeaWallFields(
                meeting_id,
                _("Renommer un groupe"),
                clusters=((cluster_id, {"name": name.strip()}),),
            )
        )

    def remove_cluster(self, meeting_id: str, cluster_id: str) -> ChangeSet:
        """The cluster goes; its ideas stay on the wall, outside any cluster."""
        with self._db.read() as conn:
            members = self._members(conn, meeting_id, cluster_id)
        return self.set_wall_fields(
            SetIdeaWallFields(
                meeting_id,
                _("Supprimer un groupe"),
                tuple((idea_id, {"cluster_id": None}) for idea_id in members),
                ((cluster_id, {"removed": True}),),
            )
        )

    def move_cluster(self, meeting_id: str, cluster_id: str, index: int) -> ChangeSet:
        """Put the cluster at ``index`` among the meeting's clusters (positions renumbered)."""
        with self._db.read() as conn:
            order = [cluster.id for cluster in read_clusters(conn, meeting_id)]
        if cluster_id not in order:
            raise ClusterNotFoundError(cluster_id)
        order.remove(cluster_id)
        order.insert(max(0, min(index, len(order))), cluster_id)
        return self.set_wall_fields(
            SetIdeaWallFields(
                meeting_id,
                _("Déplacer un groupe"),
                clusters=tuple(
                    (cid, {"position": float(position)}) for position, cid in enumerate(order)
                ),
            )
        )

    def move_to_cluster(
        self,
        meeting_id: str,
        idea_ids: Sequence[str],
        cluster_id: str | None,
        index: int | None = None,
    ) -> ChangeSet:
        """Put ideas into a cluster (None: out of any), at ``index`` or at its end."""
        with self._db.read() as conn:
            members = [m for m in self._members(conn, meeting_id, cluster_id) if m not in idea_ids]
        at = len(members) if index is None else max(0, min(index, len(members)))
        order = [*members[:at], *idea_ids, *members[at:]]
        changes = [
            (idea_id, {"cluster_id": cluster_id, "cluster_position": float(position)})
            for position, idea_id in enumerate(order)
        ]
        label = _("Sortir des idées du groupe") if cluster_id is None else _("Grouper des idées")
        return self.set_wall_fields(SetIdeaWallFields(meeting_id, label, tuple(changes)))

    def _members(self, conn: Connection, meeting_id: str, cluster_id: str | None) -> list[str]:
        return list(
            conn.execute(
                select(ideas_table.c.id)
                .where(
                    ideas_table.c.meeting_id == meeting_id,
                    ideas_table.c.cluster_id.is_(None)
                    if cluster_id is None
                    else ideas_table.c.cluster_id == cluster_id,
                    ideas_table.c.merged_into.is_(None),
                )
                .order_by(ideas_table.c.cluster_position, ideas_table.c.captured_hlc)
            ).scalars()
        )

    def merge(self, meeting_id: str, idea_ids: Sequence[str], text: str | None = None) -> ChangeSet:
        """Merge duplicates into a new idea; the originals stay inside it, supports add up."""
        if len(set(idea_ids)) < 2:
            raise ValidationError([FieldError("ideas", _("Choisissez au moins deux idées."))])
        merged_id = new_id()
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            rows = {
                row.id: row
                for row in conn.execute(
                    select(ideas_table).where(
                        ideas_table.c.meeting_id == meeting_id, ideas_table.c.id.in_(idea_ids)
                    )
                ).all()
            }
            for idea_id in idea_ids:
                if idea_id not in rows:
                    raise IdeaNotFoundError(idea_id)
            first = rows[idea_ids[0]]
            merged_text = (text if text is not None else first.text).strip()
            _refuse(validate_idea_text(merged_text))
            tags = clean_tags([tag for i in idea_ids for tag in _stored("tags", rows[i].tags)])
            events = [
                NewEvent(
                    IDEAS_MERGED,
                    {
                        "idea_id": merged_id,
                        "text": merged_text,
                        "source": first.source,
                        "agenda_item_id": first.agenda_item_id,
                        "question_id": first.question_id,
                        "author_id": None,
                        "tags": list(tags),
                        "colour": first.colour,
                        "cluster_id": first.cluster_id,
                        "cluster_position": first.cluster_position,
                        "merged_from": list(idea_ids),
                    },
                )
            ]
            events += [
                NewEvent(
                    IDEA_EDITED,
                    {
                        "idea_id": idea_id,
                        "base": rows[idea_id].version,
                        "changes": {"merged_into": merged_id},
                    },
                )
                for idea_id in idea_ids
            ]
            self._journal.append_many(conn, meeting_id, events)
        label = _("Fusionner des idées")
        return ChangeSet(
            meeting_id,
            label,
            IDEA_TOPICS,
            len(events),
            undo=SetIdeaWallFields(
                meeting_id,
                label,
                (
                    (merged_id, {"withdrawn": True}),
                    *tuple((idea_id, {"merged_into": None}) for idea_id in idea_ids),
                ),
            ),
            redo=SetIdeaWallFields(
                meeting_id,
                label,
                (
                    *tuple((idea_id, {"merged_into": merged_id}) for idea_id in idea_ids),
                    (merged_id, {"withdrawn": False}),
                ),
            ),
            created_ids=(merged_id,),
            changed=touched(ideas=[merged_id, *idea_ids]),
        )

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
            return [idea for idea in read_ideas(conn, meeting_id) if idea.id in wanted]

    def clusters(self, meeting_id: str) -> list[ClusterView]:
        with self._db.read() as conn:
            return read_clusters(conn, meeting_id)

    def wall(self, meeting_id: str, wanted: IdeaFilter | None = None) -> IdeaWall:
        with self._db.read() as conn:
            ideas = read_ideas(conn, meeting_id)
            clusters = read_clusters(conn, meeting_id)
        return build_wall(ideas, clusters, wanted or IdeaFilter())

    def history(self, meeting_id: str, idea_id: str) -> list[IdeaEditEntry]:
        with self._db.read() as conn:
            return read_history(conn, meeting_id, idea_id)
