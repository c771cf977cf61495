"""``conflict.reviewed``: a person looked at a conflict of the event's meeting and settled it."""

from __future__ import annotations

from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import conflicts_table, edits_table

CONFLICT_REVIEWED = "conflict.reviewed"

registry.own_tables(edits_table, conflicts_table)


@registry.on(CONFLICT_REVIEWED)
def _conflict_reviewed(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        conflicts_table.update()
        .where(
            conflicts_table.c.meeting_id == event.meeting_id,
            conflicts_table.c.id == event.payload["conflict_id"],
            conflicts_table.c.resolved_event_id.is_(None),
        )
        .values(resolved_event_id=event.event_id)
    )
