"""Participants. Names and contacts come from the event's ``personal`` part (erasable, RGPD)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from civodesk.db.schema import Participant, table_of
from civodesk.journal.event import JournalEvent
from civodesk.journal.projection import ProjectionContext, registry
from civodesk.projections.lww import apply_edit, initial_stamps, replay_pending_edits

PARTICIPANT_REGISTERED = "participant.registered"
PARTICIPANT_EDITED = "participant.edited"

PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone")
PUBLIC_FIELDS = ("commune", "neighbourhood", "age_bracket")

participants_table = table_of(Participant)
registry.own_tables(participants_table)


def _fields(event: JournalEvent, changes: dict[str, Any]) -> dict[str, Any]:
    personal = {k: v for k, v in (event.personal or {}).items() if k in PERSONAL_FIELDS}
    return {**changes, **personal}


@registry.on_batch(PARTICIPANT_REGISTERED)
def _participants_registered(context: ProjectionContext, events: Sequence[JournalEvent]) -> None:
    rows = []
    for event in events:
        fields: dict[str, Any] = dict.fromkeys(PERSONAL_FIELDS + PUBLIC_FIELDS)
        fields.update({k: v for k, v in event.payload.items() if k in PUBLIC_FIELDS})
        fields.update(_fields(event, {}))
        fields["removed"] = False
        rows.append(
            {
                "id": event.payload["participant_id"],
                "meeting_id": event.meeting_id,
                "registered_hlc": event.hlc,
                "version": event.event_id,
                "stamps": initial_stamps(event, fields),
                **fields,
            }
        )
    context.conn.execute(participants_table.insert(), rows)
    for row in rows:
        replay_pending_edits(context, participants_table, "participant", row["id"])


@registry.on(PARTICIPANT_EDITED)
def _participant_edited(context: ProjectionContext, event: JournalEvent) -> None:
    apply_edit(
        context,
        event,
        participants_table,
        "participant",
        event.payload["participant_id"],
        _fields(event, event.payload["changes"]),
        event.payload.get("base"),
    )
