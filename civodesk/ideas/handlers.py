"""Ideas captured during a meeting. (Grouping and merging will come with the ideas workflow.)"""

from __future__ import annotations

from collections.abc import Sequence

from civodesk.db.schema import table_of
from civodesk.ideas.tables import Idea
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits_many

IDEA_CAPTURED = "idea.captured"
IDEA_EDITED = "idea.edited"

ideas_table = table_of(Idea)
registry.own_tables(ideas_table)


@registry.on_batch(IDEA_CAPTURED)
def _ideas_captured(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    rows = []
    for event in events:
        fields = {
            "text": event.payload["text"],
            "agenda_item_id": event.payload.get("agenda_item_id"),
            "source": event.payload.get("source", "floor"),
            "removed": False,
        }
        rows.append(
            {
                "id": event.payload["idea_id"],
                "meeting_id": event.meeting_id,
                "captured_hlc": event.hlc,
                "version": event.event_id,
                "stamps": initial_stamps(event, fields),
                **fields,
            }
        )
    context.conn.execute(ideas_table.insert(), rows)
    replay_pending_edits_many(context, ideas_table, "idea", [row["id"] for row in rows])


@registry.on(IDEA_EDITED)
def _idea_edited(context: HandlerContext, event: JournalEvent) -> None:
    apply_edit(
        context,
        event,
        ideas_table,
        "idea",
        event.payload["idea_id"],
        event.payload["changes"],
        event.payload.get("base"),
    )
