"""Declared payloads of the idea events (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

from collections.abc import Mapping

from civodesk.ideas.handlers import IDEA_CAPTURED, IDEA_EDITED, ideas_table
from civodesk.ideas.idea import IdeaSource
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import EDIT_BASE, Boolean, Choice, EventSchema, Id, Spec, Text

MAX_TEXT = 20_000

EDITABLE: Mapping[str, Spec] = {
    "text": Text(MAX_TEXT, 1),
    "agenda_item_id": Id(nullable=True),
    "source": Choice(frozenset(source.value for source in IdeaSource)),
    "removed": Boolean(),
}

registry.declare(
    EventSchema(
        IDEA_CAPTURED,
        {"idea_id": Id(), **{k: v for k, v in EDITABLE.items() if k != "removed"}},
        required=frozenset({"idea_id", "text"}),
        creates=(ideas_table, "idea_id"),
    ),
    EventSchema(
        IDEA_EDITED,
        {"idea_id": Id(), "base": EDIT_BASE},
        required=frozenset({"idea_id"}),
        editable=EDITABLE,
    ),
)
