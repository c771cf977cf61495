"""Declared payloads of the live agenda's events (``civodesk.journal.payload_schema``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from civodesk.facilitation.agenda_run import MAX_NOTES, DecisionKind, RunState
from civodesk.facilitation.handlers import (
    AGENDA_NOTES_EDITED,
    DECISION_EDITED,
    DECISION_RECORDED,
    QUESTION_ASKED,
    QUESTION_EDITED,
    decisions_table,
    questions_table,
)
from civodesk.facilitation.timer_runs import (
    AGENDA_ITEM_FINISHED,
    AGENDA_ITEM_PAUSED,
    AGENDA_ITEM_STARTED,
    AGENDA_RUNS_RESTORED,
    FOCUS_SET,
    RANK_LIMIT,
)
from civodesk.i18n import _
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import (
    EDIT_BASE,
    INT64_MAX,
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
)

MAX_QUESTION = 2_000
MAX_DECISION = 10_000
MAX_RUNS = 500

DURATION = Integer(0, INT64_MAX, nullable=True)
RANK = Integer(1, RANK_LIMIT)
"""Where the agenda action goes among the meeting's others (``civodesk.facilitation.timer_runs``)."""


@dataclass(frozen=True)
class NestedList(Spec):
    """A list of JSON objects, each with ``item``'s fields."""

    item: Nested
    max_items: int
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, list) or len(value) > self.max_items:
            raise PayloadError(name, _("champ « {field} » : liste attendue").format(field=name))
        for index, element in enumerate(value):
            self.item.check(f"{name}[{index}]", element)


RUN = Nested(
    {
        "item_id": Id(),
        "state": Choice(frozenset(state.value for state in RunState)),
        "elapsed_ms": Integer(0, INT64_MAX),
        "running_since_ms": DURATION,
        "overrun_ms": DURATION,
        "finished_ms": DURATION,
    }
)
DECISION: Mapping[str, Spec] = {
    "agenda_item_id": Id(nullable=True),
    "kind": Choice(frozenset(kind.value for kind in DecisionKind)),
    "text": Text(MAX_DECISION, 1),
    "owner": Text(300),  # before owners went to the personal part: still read, never written
    "owner_id": Id(nullable=True),
    "due_date": Text(10, 10, nullable=True, pattern=re.compile(r"\d{4}-\d{2}-\d{2}")),
}
OWNER: Mapping[str, Spec] = {"owner": Text(300), "_salt": Text(64, 1)}
"""A typed owner may be a person's name: it travels in the erasable personal part."""

registry.declare(
    EventSchema(
        AGENDA_ITEM_STARTED, {"item_id": Id(), "rank": RANK}, required=frozenset({"item_id"})
    ),
    EventSchema(
        AGENDA_ITEM_PAUSED, {"item_id": Id(), "rank": RANK}, required=frozenset({"item_id"})
    ),
    EventSchema(
        AGENDA_ITEM_FINISHED,
        {"item_id": Id(), "planned_ms": Integer(0, INT64_MAX), "rank": RANK},
        required=frozenset({"item_id", "planned_ms"}),
    ),
    EventSchema(
        AGENDA_RUNS_RESTORED,
        {"runs": NestedList(RUN, MAX_RUNS), "focus_item_id": Id(nullable=True), "rank": RANK},
        required=frozenset({"runs"}),
    ),
    EventSchema(
        AGENDA_NOTES_EDITED,
        {"item_id": Id(), "notes": Text(MAX_NOTES), "base": EDIT_BASE},
        required=frozenset({"item_id", "notes"}),
    ),
    EventSchema(
        QUESTION_ASKED,
        {
            "question_id": Id(),
            "agenda_item_id": Id(nullable=True),
            "text": Text(MAX_QUESTION, 1),
            "position": Number(),
        },
        required=frozenset({"question_id", "text"}),
        creates=(questions_table, "question_id"),
    ),
    EventSchema(
        QUESTION_EDITED,
        {"question_id": Id(), "base": EDIT_BASE},
        required=frozenset({"question_id"}),
        editable={"text": Text(MAX_QUESTION, 1), "removed": Boolean()},
    ),
    EventSchema(
        FOCUS_SET,
        {"item_id": Id(nullable=True), "question_id": Id(nullable=True), "rank": RANK},
    ),
    EventSchema(
        DECISION_RECORDED,
        {"decision_id": Id(), **DECISION},
        required=frozenset({"decision_id", "kind", "text"}),
        personal=OWNER,
        creates=(decisions_table, "decision_id"),
    ),
    EventSchema(
        DECISION_EDITED,
        {"decision_id": Id(), "base": EDIT_BASE},
        required=frozenset({"decision_id"}),
        editable={**DECISION, "removed": Boolean()},
        personal=OWNER,
    ),
)
