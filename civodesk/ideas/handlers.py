"""Ideas, clusters, merges and supports: how their events update the tables.

Edits of ideas and clusters are last-writer-wins field by field (``civodesk.journal.lww``), so two
desks editing one idea offline converge and their concurrent edits are flagged as conflicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select

from civodesk.db.schema import table_of
from civodesk.ideas.tables import Idea, IdeaCluster, IdeaSupport
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import (
    Edit,
    apply_edit,
    apply_edits,
    initial_stamps,
    replay_pending_edits_many,
)

IDEA_CAPTURED = "idea.captured"
IDEA_EDITED = "idea.edited"
IDEAS_MERGED = "ideas.merged"
IDEA_SUPPORTED = "idea.supported"
IDEA_SUPPORT_COUNTED = "idea.support_counted"
CLUSTER_CREATED = "idea_cluster.created"
CLUSTER_EDITED = "idea_cluster.edited"

IDEA_EDITABLE = frozenset(
    {
        "text",
        "agenda_item_id",
        "question_id",
        "author_id",
        "tags",
        "colour",
        "cluster_id",
        "cluster_position",
        "merged_into",
        "withdrawn",
        "removed",  # the record-only ideas of before facilitation: still honoured on any desk
    }
)
CLUSTER_EDITABLE = frozenset({"name", "position", "removed"})

ideas_table = table_of(Idea)
clusters_table = table_of(IdeaCluster)
supports_table = table_of(IdeaSupport)
registry.own_tables(ideas_table, clusters_table, supports_table)


def _idea_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Payload fields as columns (tags are stored as canonical JSON)."""
    columns = {name: value for name, value in values.items() if name in IDEA_EDITABLE}
    if "tags" in columns:
        columns["tags"] = canonical_json(list(columns["tags"]))
    return columns


def _new_idea_row(
    context: HandlerContext, event: JournalEvent, payload: dict[str, Any]
) -> dict[str, Any]:
    fields = {
        "text": payload["text"],
        "agenda_item_id": payload.get("agenda_item_id"),
        "question_id": payload.get("question_id"),
        "author_id": payload.get("author_id"),
        "tags": canonical_json(list(payload.get("tags", []))),
        "colour": payload.get("colour"),
        "cluster_id": payload.get("cluster_id"),
        "cluster_position": float(payload.get("cluster_position", 0.0)),
        "merged_into": None,
        "withdrawn": False,
    }
    return {
        "id": payload["idea_id"],
        "meeting_id": event.meeting_id,
        "source": payload.get("source", "floor"),
        "merged_from": canonical_json(list(payload.get("merged_from", []))),
        "supports": 0,
        "removed": False,
        "captured_hlc": event.hlc,
        "version": event.event_id,
        "stamps": initial_stamps(context, event, fields),
        **fields,
    }


@registry.on_batch(IDEA_CAPTURED)
def _ideas_captured(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    rows = [_new_idea_row(context, event, event.payload) for event in events]
    context.conn.execute(ideas_table.insert(), rows)
    replay_pending_edits_many(context, ideas_table, "idea", [row["id"] for row in rows])
    _recount(context, [(row["meeting_id"], row["id"]) for row in rows])


@registry.on_batch(IDEA_EDITED)
def _ideas_edited(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    apply_edits(
        context,
        ideas_table,
        "idea",
        [
            Edit(
                event,
                event.payload["idea_id"],
                _idea_columns(event.payload["changes"]),
                event.payload.get("base"),
            )
            for event in events
        ],
    )


@registry.on(IDEAS_MERGED)
def _ideas_merged(context: HandlerContext, event: JournalEvent) -> None:
    """A new idea that absorbs the originals (``merged_from``).

    The service writes, in the same transaction, one ``idea.edited`` per original setting its
    ``merged_into``: each stays, shown inside the merged idea, and its supports count for it.
    """
    payload = event.payload
    context.conn.execute(ideas_table.insert(), [_new_idea_row(context, event, payload)])
    replay_pending_edits_many(context, ideas_table, "idea", [payload["idea_id"]])
    _recount(context, [(event.meeting_id, payload["idea_id"])])


@registry.on_batch(IDEA_SUPPORTED)
def _ideas_supported(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    _record_supports(context, events, "add", "amount")


@registry.on_batch(IDEA_SUPPORT_COUNTED)
def _idea_supports_counted(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    _record_supports(context, events, "set", "count")


def _record_supports(
    context: HandlerContext, events: Sequence[JournalEvent], kind: str, field: str
) -> None:
    context.conn.execute(
        supports_table.insert(),
        [
            {
                "event_id": event.event_id,
                "meeting_id": event.meeting_id,
                "idea_id": event.payload["idea_id"],
                "kind": kind,
                "amount": int(event.payload[field]),
                "stamp": event.stamp,
            }
            for event in events
        ],
    )
    _recount(context, [(event.meeting_id, event.payload["idea_id"]) for event in events])


def _recount(context: HandlerContext, ideas: Sequence[tuple[str, str]]) -> None:
    """Each idea's own count: the latest show of hands, plus every "+n" stamped after it.

    One query per 500 ideas reads their supports; only ideas that have some are updated (a new
    idea is inserted with none counted), with one executemany.
    """
    wanted = set(ideas)
    idea_ids = sorted({idea_id for _meeting_id, idea_id in wanted})
    entries: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for start in range(0, len(idea_ids), 500):
        rows = context.conn.execute(
            select(
                supports_table.c.meeting_id,
                supports_table.c.idea_id,
                supports_table.c.kind,
                supports_table.c.amount,
                supports_table.c.stamp,
            ).where(supports_table.c.idea_id.in_(idea_ids[start : start + 500]))
        )
        for row in rows:
            if (row.meeting_id, row.idea_id) in wanted:
                entries.setdefault((row.meeting_id, row.idea_id), []).append(
                    (row.kind, row.amount, row.stamp)
                )
    if entries:
        context.conn.execute(
            ideas_table.update()
            .where(
                ideas_table.c.id == bindparam("w_id"),
                ideas_table.c.meeting_id == bindparam("w_meeting"),
            )
            .values(supports=bindparam("w_supports")),
            [
                {"w_meeting": meeting_id, "w_id": idea_id, "w_supports": support_count(found)}
                for (meeting_id, idea_id), found in sorted(entries.items())
            ],
        )


def support_count(entries: Sequence[tuple[str, int, str]]) -> int:
    """Count from (kind, amount, stamp) entries, whatever their order; never below zero."""
    ordered = sorted(entries, key=lambda entry: entry[2])
    total = 0
    for kind, amount, _stamp in ordered:
        total = amount if kind == "set" else total + amount
    return max(total, 0)


@registry.on(CLUSTER_CREATED)
def _cluster_created(context: HandlerContext, event: JournalEvent) -> None:
    fields = {
        "name": event.payload["name"],
        "position": float(event.payload["position"]),
        "removed": False,
    }
    cluster_id = event.payload["cluster_id"]
    context.conn.execute(
        clusters_table.insert().values(
            id=cluster_id,
            meeting_id=event.meeting_id,
            agenda_item_id=event.payload.get("agenda_item_id"),
            version=event.event_id,
            stamps=initial_stamps(context, event, fields),
            **fields,
        )
    )
    replay_pending_edits_many(context, clusters_table, "idea_cluster", [cluster_id])


@registry.on(CLUSTER_EDITED)
def _cluster_edited(context: HandlerContext, event: JournalEvent) -> None:
    changes = {
        name: value for name, value in event.payload["changes"].items() if name in CLUSTER_EDITABLE
    }
    apply_edit(
        context,
        event,
        clusters_table,
        "idea_cluster",
        event.payload["cluster_id"],
        changes,
        event.payload.get("base"),
    )
