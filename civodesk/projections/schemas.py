"""The payload declared for each event type (``civodesk.journal.payload_schema``).

One block per feature, each declaring its event types next to nothing else, so that a block can
move into its feature package with the handlers it guards. Lengths follow the columns the handlers
write; an edit's ``editable`` fields are the columns an edit may set (never an id, a meeting or an
organization column: a meeting's organizer is changed by naming it, and its id is derived from the
name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from civodesk.domain.idea import IdeaSource
from civodesk.domain.meeting import MAX_TITLE_LENGTH, organization_id
from civodesk.i18n import _
from civodesk.journal.payload_schema import (
    INT32_MAX,
    Boolean,
    Choice,
    EventSchema,
    Id,
    Integer,
    Nested,
    Number,
    PayloadError,
    Spec,
    Text,
    TextList,
)
from civodesk.journal.projection import registry
from civodesk.journal.store import DEVICE_JOINED
from civodesk.projections import checkins, conflicts, ideas, meetings, participants, personal_data

MAX_LONG_TEXT = 20_000
MAX_REASON = 1_000


class IsoDateTime(Text):
    """An ISO 8601 date and time with its time zone, as ``meeting_payload`` writes it."""

    def __init__(self) -> None:
        super().__init__(32, 1)

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise PayloadError(
                name,
                _("champ « {field} » : date et heure ISO avec fuseau attendues").format(field=name),
            )


class IsoDate(Text):
    def __init__(self) -> None:
        super().__init__(10, 10, pattern=re.compile(r"\d{4}-\d{2}-\d{2}"))

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise PayloadError(
                name, _("champ « {field} » : date ISO attendue").format(field=name)
            ) from error


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


BASE = Id(nullable=True)

# --- Meetings and their agenda --------------------------------------------------------------------

MEETING_FIELDS: Mapping[str, Spec] = {
    "title": Text(MAX_TITLE_LENGTH, 1),
    "organization": Organization(),
    "place": Text(300),
    "starts_at": IsoDateTime(),
    "ends_at": IsoDateTime(),
    "facilitators": TextList(Text(200), 100),
    "description": Text(MAX_LONG_TEXT),
    "quorum_percent": Number(0, 100, nullable=True),
}
MEETING_EDITABLE: Mapping[str, Spec] = {
    **MEETING_FIELDS,
    "deleted": Boolean(),
    "status": Choice(frozenset({"draft", "open", "closed"})),
}
STATUS_FIELDS: Mapping[str, Spec] = {"base": BASE, "reason": Text(MAX_REASON)}
AGENDA_ITEM_EDITABLE: Mapping[str, Spec] = {
    "title": Text(MAX_TITLE_LENGTH, 1),
    "duration_minutes": Integer(1, 1440),
    "position": Number(),
    "removed": Boolean(),
}

registry.declare(
    EventSchema(
        meetings.MEETING_CREATED,
        MEETING_FIELDS,
        required=frozenset(MEETING_FIELDS),
        creates=(meetings.meetings, None),
    ),
    EventSchema(
        meetings.MEETING_EDITED,
        STATUS_FIELDS,
        editable=MEETING_EDITABLE,
    ),
    *(EventSchema(event_type, STATUS_FIELDS) for event_type in meetings.STATUS_EVENTS),
    EventSchema(
        meetings.AGENDA_ITEM_ADDED,
        {"item_id": Id(), **{k: v for k, v in AGENDA_ITEM_EDITABLE.items() if k != "removed"}},
        required=frozenset({"item_id", "title", "duration_minutes", "position"}),
        creates=(meetings.agenda_items, "item_id"),
    ),
    EventSchema(
        meetings.AGENDA_ITEM_EDITED,
        {"item_id": Id(), "base": BASE},
        required=frozenset({"item_id"}),
        editable=AGENDA_ITEM_EDITABLE,
    ),
)

# --- Participants ------------------------------------------------------------------------------

PARTICIPANT_PUBLIC: Mapping[str, Spec] = {
    "commune": Text(200, nullable=True),
    "neighbourhood": Text(200, nullable=True),
    "age_bracket": Text(40, nullable=True),
}
PARTICIPANT_PERSONAL: Mapping[str, Spec] = {
    "first_name": Text(200, nullable=True),
    "last_name": Text(200, nullable=True),
    "email": Text(320, nullable=True),
    "phone": Text(40, nullable=True),
    "_salt": Text(64, 1),
}

registry.declare(
    EventSchema(
        participants.PARTICIPANT_REGISTERED,
        {"participant_id": Id(), **PARTICIPANT_PUBLIC, "consent_purpose": Text(300)},
        required=frozenset({"participant_id"}),
        personal=PARTICIPANT_PERSONAL,
        creates=(participants.participants_table, "participant_id"),
    ),
    EventSchema(
        participants.PARTICIPANT_EDITED,
        {"participant_id": Id(), "base": BASE},
        required=frozenset({"participant_id"}),
        editable={**PARTICIPANT_PUBLIC, "removed": Boolean()},
        personal=PARTICIPANT_PERSONAL,
    ),
)

# --- Ideas -------------------------------------------------------------------------------------

IDEA_EDITABLE: Mapping[str, Spec] = {
    "text": Text(MAX_LONG_TEXT, 1),
    "agenda_item_id": Id(nullable=True),
    "source": Choice(frozenset(source.value for source in IdeaSource)),
    "removed": Boolean(),
}

registry.declare(
    EventSchema(
        ideas.IDEA_CAPTURED,
        {"idea_id": Id(), **{k: v for k, v in IDEA_EDITABLE.items() if k != "removed"}},
        required=frozenset({"idea_id", "text"}),
        creates=(ideas.ideas_table, "idea_id"),
    ),
    EventSchema(
        ideas.IDEA_EDITED,
        {"idea_id": Id(), "base": BASE},
        required=frozenset({"idea_id"}),
        editable=IDEA_EDITABLE,
    ),
)

# --- Check-in: badges, scans, proxies, purge ------------------------------------------------------

SERIAL = Integer(1, INT32_MAX)

registry.declare(
    EventSchema(
        checkins.BADGE_ISSUED,
        {
            "participant_id": Id(),
            "serial": SERIAL,
            "token": Text(200, 1),
            "manual_code": Text(8, 1),
            "key_id": Text(16, 1),
            "issued_on": IsoDate(),
        },
        required=frozenset(
            {"participant_id", "serial", "token", "manual_code", "key_id", "issued_on"}
        ),
    ),
    EventSchema(
        checkins.BADGE_REVOKED,
        {"participant_id": Id(), "serial": SERIAL},
        required=frozenset({"participant_id", "serial"}),
    ),
    EventSchema(
        checkins.CHECKIN_SCANNED,
        {
            "participant_id": Id(nullable=True),
            "method": Text(16),
            "accepted": Boolean(),
            "reason": Text(32),
            "excerpt": Text(200),
        },
    ),
    EventSchema(
        checkins.CHECKED_OUT,
        {"participant_id": Id(), "method": Text(16)},
        required=frozenset({"participant_id"}),
    ),
    EventSchema(
        checkins.PROXY_GRANTED,
        {"proxy_id": Id(), "giver_id": Id(), "holder_id": Id()},
        required=frozenset({"proxy_id", "giver_id", "holder_id"}),
        creates=(checkins.proxies_table, "proxy_id"),
    ),
    EventSchema(checkins.PROXY_REVOKED, {"proxy_id": Id()}, required=frozenset({"proxy_id"})),
    EventSchema(personal_data.PERSONAL_DATA_PURGED, {"participants": Integer(0, INT32_MAX)}),
)

# --- Journal: devices and reviewed conflicts ------------------------------------------------------

registry.declare(
    EventSchema(
        DEVICE_JOINED,
        {"public_key": Text(64, 1), "key_id": Text(16, 1), "label": Text(200)},
        required=frozenset({"public_key", "key_id"}),
    ),
    EventSchema(
        conflicts.CONFLICT_REVIEWED,
        {"conflict_id": Text(64, 1)},
        required=frozenset({"conflict_id"}),
    ),
)
