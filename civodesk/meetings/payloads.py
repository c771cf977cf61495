"""Declared payloads of the meeting and agenda events (``civodesk.journal.payload_schema``).

Lengths follow the columns the handlers write. An edit's ``changes`` may set the meeting's fields,
its status and its deletion, never an id: the organizer is changed by naming it, and its id must be
the one derived from the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from civodesk.i18n import _
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import (
    EDIT_BASE,
    Boolean,
    Choice,
    EventSchema,
    Id,
    Integer,
    IsoDateTime,
    Nested,
    Number,
    PayloadError,
    Spec,
    Text,
    TextList,
)
from civodesk.meetings.handlers import (
    AGENDA_ITEM_ADDED,
    AGENDA_ITEM_EDITED,
    MEETING_CREATED,
    MEETING_EDITED,
    STATUS_EVENTS,
    agenda_items,
    meetings,
)
from civodesk.meetings.meeting import (
    MAX_BADGE_MARGIN_DAYS,
    MAX_NAME_LENGTH,
    MAX_PROXY_LIMIT,
    MAX_TITLE_LENGTH,
    organization_id,
)

MAX_DESCRIPTION = 20_000
MAX_REASON = 1_000


class Organization(Nested):
    """``{"id", "name"}`` where the id is the one derived from the name (no foreign id slips in)."""

    def __init__(self) -> None:
        super().__init__({"id": Id(), "name": Text(200, 1)})

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        if value["id"] != organization_id(value["name"]):
            raise PayloadError(
                f"{name}.id",
                _("champ « {field} » : ne correspond pas au nom de l'organisation").format(
                    field=f"{name}.id"
                ),
            )


MEETING_FIELDS: Mapping[str, Spec] = {
    "title": Text(MAX_TITLE_LENGTH, 1),
    "organization": Organization(),
    "place": Text(300),
    "starts_at": IsoDateTime(),
    "ends_at": IsoDateTime(),
    "facilitators": TextList(Text(200), 100),
    "description": Text(MAX_DESCRIPTION),
    "quorum_percent": Number(0, 100, nullable=True),
}
SESSION_OFFICERS: Mapping[str, Spec] = {  # procès-verbal (CGCT L2121-15); left out when empty
    "president": Text(MAX_NAME_LENGTH),
    "secretaries": TextList(Text(MAX_NAME_LENGTH), 20),
}
DOOR_RULES: Mapping[str, Spec] = {  # left out while at their default (older payloads unchanged)
    "proxy_limit": Integer(1, MAX_PROXY_LIMIT),
    "badge_margin_days": Integer(0, MAX_BADGE_MARGIN_DAYS),
}
MEETING_EDITABLE: Mapping[str, Spec] = {
    **MEETING_FIELDS,
    **SESSION_OFFICERS,
    **DOOR_RULES,
    "deleted": Boolean(),
    "status": Choice(frozenset({"draft", "open", "closed"})),
}
STATUS_FIELDS: Mapping[str, Spec] = {"base": EDIT_BASE, "reason": Text(MAX_REASON)}
AGENDA_ITEM_EDITABLE: Mapping[str, Spec] = {
    "title": Text(MAX_TITLE_LENGTH, 1),
    "duration_minutes": Integer(1, 1440),
    "position": Number(),
    "removed": Boolean(),
}

registry.declare(
    EventSchema(
        MEETING_CREATED,
        {**MEETING_FIELDS, **SESSION_OFFICERS, **DOOR_RULES},
        required=frozenset(MEETING_FIELDS),
        creates=(meetings, None),
    ),
    EventSchema(MEETING_EDITED, STATUS_FIELDS, editable=MEETING_EDITABLE),
    *(EventSchema(event_type, STATUS_FIELDS) for event_type in STATUS_EVENTS),
    EventSchema(
        AGENDA_ITEM_ADDED,
        {"item_id": Id(), **{k: v for k, v in AGENDA_ITEM_EDITABLE.items() if k != "removed"}},
        required=frozenset({"item_id", "title", "duration_minutes", "position"}),
        creates=(agenda_items, "item_id"),
    ),
    EventSchema(
        AGENDA_ITEM_EDITED,
        {"item_id": Id(), "base": EDIT_BASE},
        required=frozenset({"item_id"}),
        editable=AGENDA_ITEM_EDITABLE,
    ),
)
