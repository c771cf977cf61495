"""Meetings, their organization and their agenda items."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import table_of
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits
from civodesk.journal.store import events_table
from civodesk.meetings.tables import AgendaItem, Meeting, Organization

MEETING_CREATED = "meeting.created"
MEETING_EDITED = "meeting.edited"
MEETING_OPENED = "meeting.opened"
MEETING_CLOSED = "meeting.closed"
MEETING_REOPENED = "meeting.reopened"
AGENDA_ITEM_ADDED = "agenda_item.added"
AGENDA_ITEM_EDITED = "agenda_item.edited"

STATUS_EVENTS = {MEETING_OPENED: "open", MEETING_CLOSED: "closed", MEETING_REOPENED: "open"}

meetings = table_of(Meeting)
organizations = table_of(Organization)
agenda_items = table_of(AgendaItem)
registry.own_tables(organizations, meetings, agenda_items)


def _meeting_columns(context: HandlerContext, values: dict[str, Any]) -> dict[str, Any]:
    """Turn payload fields into column values (JSON lists, organization upsert)."""
    columns = dict(values)
    for name in ("facilitators", "secretaries"):
        if name in columns:
            columns[name] = canonical_json(columns[name])
    if "organization" in columns:
        organization = columns.pop("organization")
        insert_ignoring_duplicates(context.conn, organizations, [organization])
        columns["organization_id"] = organization["id"]
    return columns


@registry.on(MEETING_CREATED)
def _meeting_created(context: HandlerContext, event: JournalEvent) -> None:
    columns = _meeting_columns(context, event.payload)
    context.conn.execute(
        meetings.insert().values(
            id=event.meeting_id,
            status="draft",
            deleted=False,
            created_hlc=event.hlc,
            updated_hlc=event.hlc,
            version=event.event_id,
            stamps=initial_stamps(context, event, columns),
            **columns,
        )
    )
    replay_pending_edits(context, meetings, "meeting", event.meeting_id)
    if context.may_be_out_of_order:
        _catch_up_updated_hlc(context, event.meeting_id)


def _catch_up_updated_hlc(context: HandlerContext, meeting_id: str) -> None:
    """Edits from another desk may be stored before the creation reached this one: count them."""
    latest = context.conn.execute(
        select(func.max(events_table.c.hlc)).where(
            events_table.c.meeting_id == meeting_id,
            events_table.c.type.in_([MEETING_EDITED, *STATUS_EVENTS]),
        )
    ).scalar()
    if latest is not None:
        context.conn.execute(
            meetings.update()
            .where(meetings.c.id == meeting_id, meetings.c.updated_hlc < latest)
            .values(updated_hlc=latest)
        )


@registry.on(MEETING_EDITED)
def _meeting_edited(context: HandlerContext, event: JournalEvent) -> None:
    changes = _meeting_columns(context, event.payload["changes"])
    _edit_meeting(context, event, changes)


def _edit_meeting(context: HandlerContext, event: JournalEvent, changes: dict[str, Any]) -> None:
    apply_edit(
        context, event, meetings, "meeting", event.meeting_id, changes, event.payload.get("base")
    )
    context.conn.execute(
        meetings.update()
        .where(meetings.c.id == event.meeting_id, meetings.c.updated_hlc < event.hlc)
        .values(updated_hlc=event.hlc)
    )


def _status_handler(status: str) -> Any:
    def project(context: HandlerContext, event: JournalEvent) -> None:
        _edit_meeting(context, event, {"status": status})

    return project


for _type, _status in STATUS_EVENTS.items():
    registry.on(_type)(_status_handler(_status))


@registry.on(AGENDA_ITEM_ADDED)
def _agenda_item_added(context: HandlerContext, event: JournalEvent) -> None:
    item_id = event.payload["item_id"]
    fields = {
        "title": event.payload["title"],
        "duration_minutes": event.payload["duration_minutes"],
        "position": event.payload["position"],
        "removed": False,
    }
    context.conn.execute(
        agenda_items.insert().values(
            id=item_id,
            meeting_id=event.meeting_id,
            version=event.event_id,
            stamps=initial_stamps(context, event, fields),
            **fields,
        )
    )
    replay_pending_edits(context, agenda_items, "agenda_item", item_id)


@registry.on(AGENDA_ITEM_EDITED)
def _agenda_item_edited(context: HandlerContext, event: JournalEvent) -> None:
    apply_edit(
        context,
        event,
        agenda_items,
        "agenda_item",
        event.payload["item_id"],
        event.payload["changes"],
        event.payload.get("base"),
    )
