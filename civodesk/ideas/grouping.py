"""Grouping ideas on the wall: clusters (create, name, reorder, split, remove) and merges.

Part of ``IdeaService``; every action goes through ``set_wall_fields`` or writes its own events,
and returns the ids it touched with an undo that puts the wall back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ideas.commands import SetIdeaWallFields
from civodesk.ideas.handlers import (
    CLUSTER_CREATED,
    IDEA_EDITED,
    IDEAS_MERGED,
    clusters_table,
    ideas_table,
)
from civodesk.ideas.idea import (
    ClusterNotFoundError,
    IdeaNotFoundError,
    clean_tags,
    refuse,
    stored_value,
    validate_cluster_name,
    validate_idea_text,
)
from civodesk.ideas.reading import read_clusters
from civodesk.ids import new_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.guards import require_editable
from civodesk.meetings.meeting import FieldError, ValidationError

IDEA_TOPICS = frozenset({"ideas"})


class IdeaGrouping(ABC):
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    @abstractmethod
    def set_wall_fields(self, command: SetIdeaWallFields) -> ChangeSet: ...

    # Clusters and merges ---------------------------------------------------------------------

    def create_cluster(
        self,
        meeting_id: str,
        name: str,
        idea_ids: Sequence[str] = (),
        agenda_item_id: str | None = None,
    ) -> ChangeSet:
        """A named cluster, optionally taking ideas with it (how a cluster is split, too)."""
        refuse(validate_cluster_name(name))
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
        refuse(validate_cluster_name(name))
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
            refuse(validate_idea_text(merged_text))
            tags = clean_tags([tag for i in idea_ids for tag in stored_value("tags", rows[i].tags)])
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
