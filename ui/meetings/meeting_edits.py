"""Turning what the meeting dialog returns into service calls (runs on the database thread).

The details and each agenda change are separate journaled actions, so each one can be undone on
its own and each carries the version its author saw (concurrent edits are detected per item).
"""

from __future__ import annotations

from collections.abc import Sequence

from civodesk.changes import ChangeSet
from civodesk.meetings.meeting import MeetingDetails, MeetingFields
from civodesk.services import Services
from ui.meetings.agenda_model import AgendaRow


def apply_meeting_edit(
    services: Services, before: MeetingDetails, fields: MeetingFields, rows: Sequence[AgendaRow]
) -> tuple[list[ChangeSet], Exception | None]:
    """Apply the edit; returns the changes made and, if one step failed, the error that stopped it.

    Every change returned is committed even when a later one fails, so the caller can record them
    for undo and report the error.
    """
    meetings = services.meetings
    meeting_id = before.id
    changes: list[ChangeSet] = []
    try:
        changes.append(meetings.update_meeting(meeting_id, fields, before.version))
        kept = {row.item_id for row in rows if row.item_id is not None}
        original = {item.id: item for item in before.agenda}
        for item in before.agenda:
            if item.id not in kept:
                changes.append(meetings.remove_agenda_item(meeting_id, item.id))
        wanted_order: list[str] = []
        for index, row in enumerate(rows):
            if row.item_id is None:
                change = meetings.add_agenda_item(meeting_id, row.fields, index)
                changes.append(change)
                wanted_order.append(change.created_ids[0])
                continue
            item = original[row.item_id]
            if (item.title, item.duration_minutes) != (row.title.strip(), row.duration_minutes):
                changes.append(
                    meetings.update_agenda_item(meeting_id, item.id, row.fields, item.version)
                )
            wanted_order.append(item.id)
        current = [item.id for item in meetings.get_meeting(meeting_id).agenda]
        for index, item_id in enumerate(wanted_order):
            if current[index] != item_id:
                changes.append(meetings.move_agenda_item(meeting_id, item_id, index))
                current.remove(item_id)
                current.insert(index, item_id)
    except Exception as error:  # reported to the person; what was committed stays recorded
        return [change for change in changes if change.event_count], error
    return [change for change in changes if change.event_count], None
