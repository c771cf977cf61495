"""Ideas, clusters, merges and supports: how their events update the tables.

Edits of ideas and clusters are last-writer-wins field by field (``civodesk.journal.lww``), so two
desks editing one idea offline converge and their concurrent edits are flagged as conflicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from civodesk.db.schema import table_of
from civodesk.ideas.tables import Idea, IdeaCluster, IdeaSupport
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits_many

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
    for row in rows:
        _recount(context, row["meeting_id"], row["id"])


@registry.on(IDEA_EDITED)
def _idea_edited(context: HandlerContext, event: JournalEvent) -> None:
    apply_edit(
        context,
        event,
        ideas_table,
        "idea",
        event.payload["idea_id"],
        _idea_columns(event.payload["changes"]),
        event.payload.get("base"),
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
    _recount(context, event.meeting_id, payload["idea_id"])


@registry.on(IDEA_SUPPORTED)
def _idea_supported(context: HandlerContext, event: JournalEvent) -> None:
    _record_support(context, event, "add", int(event.payload["amount"]))


@registry.on(IDEA_SUPPORT_COUNTED)
def _idea_support_counted(context: HandlerContext, event: JournalEvent) -> None:
    _record_support(context, event, "set", int(event.payload["count"]))


def _record_support(context: HandlerContext, event: JournalEvent, kind: str, amount: int) -> None:
    context.conn.execute(
        supports_table.insert().values(
            event_id=event.event_id,
            meeting_id=event.meeting_id,
            idea_id=event.payload["idea_id"],
            kind=kind,
            amount=amount,
            stamp=event.stamp,
        )
    )
    _recount(context, event.meeting_id, event.payload["idea_id"])


def _recount(context: HandlerContext, meeting_id: str, idea_id: str) -> None:
    """The idea's own count: the latest show of hands, plus every "+n" stamped after it."""
    rows = context.conn.execute(
        select(supports_table.c.kind, supports_table.c.amount, supports_table.c.stamp).where(
            supports_table.c.meeting_id == meeting_id, supports_table.c.idea_id == idea_id
        )
    ).all()
    context.conn.execute(
        ideas_table.update()
        .where(ideas_table.c.id == idea_id, ideas_table.c.meeting_id == meeting_id)
        .values(supports=support_count([(row.kind, row.amount, row.stamp) for row in rows]))
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
