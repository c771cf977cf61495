"""Participants. Names and contacts come from the event's ``personal`` part (erasable, RGPD).

Edits reach only participants of the event's meeting (``civodesk.journal.lww``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update

from civodesk.checkin.handlers import recompute_presence_of_registered
from civodesk.checkin.name_search import search_key
from civodesk.db.schema import table_of
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits_many
from civodesk.participants.tables import Participant
from civodesk.privacy.handlers import erase_if_purged

PARTICIPANT_REGISTERED = "participant.registered"
PARTICIPANT_EDITED = "participant.edited"

PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone")
PUBLIC_FIELDS = ("commune", "neighbourhood", "age_bracket")
CONSENT_FIELDS = ("consent", "consent_purpose")
"""Consent travels in the payload (a yes/no and its purpose are not personal data to erase)."""

participants_table = table_of(Participant)
registry.own_tables(participants_table)


def _fields(event: JournalEvent, changes: dict[str, Any]) -> dict[str, Any]:
    personal = {k: v for k, v in (event.personal or {}).items() if k in PERSONAL_FIELDS}
    return {**changes, **personal}


@registry.on_batch(PARTICIPANT_REGISTERED)
def _participants_registered(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    rows = []
    for event in events:
        fields: dict[str, Any] = dict.fromkeys(PERSONAL_FIELDS + PUBLIC_FIELDS)
        fields.update({k: v for k, v in event.payload.items() if k in PUBLIC_FIELDS})
        fields.update(_fields(event, {}))
        fields["removed"] = False
        purpose = event.payload.get("consent_purpose")
        fields["consent_purpose"] = purpose
        fields["consent"] = bool(event.payload.get("consent", bool(purpose)))
        rows.append(
            {
                "id": event.payload["participant_id"],
                "meeting_id": event.meeting_id,
                "registered_hlc": event.hlc,
                "version": event.event_id,
                "stamps": initial_stamps(context, event, fields),
                "search_name": search_key(fields["first_name"], fields["last_name"]),
                **fields,
            }
        )
    context.conn.execute(participants_table.insert(), rows)
    replayed = replay_pending_edits_many(
        context, participants_table, "participant", [row["id"] for row in rows]
    )
    for meeting_id, participant_id in sorted(replayed):  # an edit received before the person
        _refresh_search_name(context, meeting_id, participant_id)
    for meeting_id in sorted({event.meeting_id for event in events}):
        erase_if_purged(context.conn, meeting_id)
        recompute_presence_of_registered(
            context, meeting_id, [row["id"] for row in rows if row["meeting_id"] == meeting_id]
        )


@registry.on(PARTICIPANT_EDITED)
def _participant_edited(context: HandlerContext, event: JournalEvent) -> None:
    apply_edit(
        context,
        event,
        participants_table,
        "participant",
        event.payload["participant_id"],
        _fields(event, event.payload["changes"]),
        event.payload.get("base"),
    )
    if event.personal:
        _refresh_search_name(context, event.meeting_id, event.payload["participant_id"])
        erase_if_purged(context.conn, event.meeting_id)


def _refresh_search_name(context: HandlerContext, meeting_id: str, participant_id: str) -> None:
    """Recompute the search key of the meeting's participant (nothing if it is not the meeting's)."""
    of_meeting = (
        participants_table.c.id == participant_id,
        participants_table.c.meeting_id == meeting_id,
    )
    row = context.conn.execute(
        select(participants_table.c.first_name, participants_table.c.last_name).where(*of_meeting)
    ).one_or_none()
    if row is not None:
        context.conn.execute(
            update(participants_table)
            .where(*of_meeting)
            .values(search_name=search_key(row.first_name, row.last_name))
        )
