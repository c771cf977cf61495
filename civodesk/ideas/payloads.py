"""Declared payloads of the idea events (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

from collections.abc import Mapping

from civodesk.ideas.handlers import (
    CLUSTER_CREATED,
    CLUSTER_EDITED,
    IDEA_CAPTURED,
    IDEA_EDITED,
    IDEA_SUPPORT_COUNTED,
    IDEA_SUPPORTED,
    IDEAS_MERGED,
    clusters_table,
    ideas_table,
)
from civodesk.ideas.idea import (
    IDEA_COLOURS,
    MAX_CLUSTER_NAME,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TEXT,
    IdeaSource,
)
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import (
    EDIT_BASE,
    Boolean,
    Choice,
    EventSchema,
    Id,
    Integer,
    Number,
    Spec,
    Text,
    TextList,
)

MAX_MERGED = 500
MAX_SUPPORTS = 100_000

EDITABLE: Mapping[str, Spec] = {
    "text": Text(MAX_TEXT, 1),
    "agenda_item_id": Id(nullable=True),
    "question_id": Id(nullable=True),
    "author_id": Id(nullable=True),
    "tags": TextList(Text(MAX_TAG_LENGTH, 1), MAX_TAGS),
    "colour": Choice(frozenset(IDEA_COLOURS), nullable=True),
    "cluster_id": Id(nullable=True),
    "cluster_position": Number(),
    "merged_into": Id(nullable=True),
    "withdrawn": Boolean(),
    "source": Choice(frozenset(source.value for source in IdeaSource)),
    "removed": Boolean(),
}
CREATED: Mapping[str, Spec] = {
    "idea_id": Id(),
    **{k: v for k, v in EDITABLE.items() if k not in ("removed", "withdrawn", "merged_into")},
}

registry.declare(
    EventSchema(
        IDEA_CAPTURED,
        CREATED,
        required=frozenset({"idea_id", "text"}),
        creates=(ideas_table, "idea_id"),
    ),
    EventSchema(
        IDEAS_MERGED,
        {**CREATED, "merged_from": TextList(Id(), MAX_MERGED)},
        required=frozenset({"idea_id", "text", "merged_from"}),
        creates=(ideas_table, "idea_id"),
    ),
    EventSchema(
        IDEA_EDITED,
        {"idea_id": Id(), "base": EDIT_BASE},
        required=frozenset({"idea_id"}),
        editable=EDITABLE,
    ),
    EventSchema(
        IDEA_SUPPORTED,
        {"idea_id": Id(), "amount": Integer(-MAX_SUPPORTS, MAX_SUPPORTS)},
        required=frozenset({"idea_id", "amount"}),
    ),
    EventSchema(
        IDEA_SUPPORT_COUNTED,
        {"idea_id": Id(), "count": Integer(0, MAX_SUPPORTS)},
        required=frozenset({"idea_id", "count"}),
    ),
    EventSchema(
        CLUSTER_CREATED,
        {
            "cluster_id": Id(),
            "name": Text(MAX_CLUSTER_NAME, 1),
            "position": Number(),
            "agenda_item_id": Id(nullable=True),
        },
        required=frozenset({"cluster_id", "name", "position"}),
        creates=(clusters_table, "cluster_id"),
    ),
    EventSchema(
        CLUSTER_EDITED,
        {"cluster_id": Id(), "base": EDIT_BASE},
        required=frozenset({"cluster_id"}),
        editable={"name": Text(MAX_CLUSTER_NAME, 1), "position": Number(), "removed": Boolean()},
    ),
)
