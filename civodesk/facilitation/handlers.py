"""How the live agenda's events update its tables.

Timer events use the device time of the event (what the facilitator saw on the clock) corrected
by its device's journaled clock offset in force before it (``corrected_time``), so a timer started
on a desk a day fast and paused on another counts the minutes that passed. The runs are
recomputed from all of the meeting's timer actions in one causal order
(``civodesk.facilitation.timer_runs``), so a rebuild, a server and every desk get the same runs
whatever order the actions arrived in. Stored run times are on that corrected clock;
``AgendaBoard.clock_offset_ms`` brings the reading desk's clock onto it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import Connection, func, select

from civodesk.db.schema import table_of
from civodesk.facilitation.tables import (
    AgendaAction,
    AgendaNotes,
    AgendaRun,
    Decision,
    FacilitationFocus,
    Question,
)
from civodesk.facilitation.timer_runs import (
    AGENDA_ACTION_TYPES,
    Focus,
    TimerAction,
    causal_order,
    next_rank,
    replay_focus,
    replay_runs,
)
from civodesk.journal.clock_offset import corrected_time
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits

AGENDA_NOTES_EDITED = "agenda_item.notes_edited"
QUESTION_ASKED = "question.asked"
QUESTION_EDITED = "question.edited"
DECISION_RECORDED = "decision.recorded"
DECISION_EDITED = "decision.edited"

RUN_FIELDS = ("state", "elapsed_ms", "running_since_ms", "started_ms", "finished_ms", "overrun_ms")

runs_table = table_of(AgendaRun)
agenda_actions_table = table_of(AgendaAction)
focus_table = table_of(FacilitationFocus)
questions_table = table_of(Question)
notes_table = table_of(AgendaNotes)
decisions_table = table_of(Decision)
registry.own_tables(
    runs_table, agenda_actions_table, focus_table, questions_table, notes_table, decisions_table
)


def _agenda_actions_of(conn: Connection, meeting_id: str) -> list[TimerAction]:
    rows = conn.execute(
        select(agenda_actions_table).where(agenda_actions_table.c.meeting_id == meeting_id)
    )
    return [
        TimerAction(row.event_id, row.rank, row.at_ms, row.hlc, row.type, json.loads(row.payload))
        for row in rows
    ]


def next_action_rank(conn: Connection, meeting_id: str) -> int:
    """The rank of this desk's next agenda action in the meeting (after all it holds)."""
    highest = conn.execute(
        select(func.max(agenda_actions_table.c.rank)).where(
            agenda_actions_table.c.meeting_id == meeting_id
        )
    ).scalar()
    return next_rank(highest)


def recompute_live_agenda(conn: Connection, meeting_id: str) -> None:
    """The meeting's runs and focus from all its agenda actions in causal order."""
    ordered = causal_order(_agenda_actions_of(conn, meeting_id))
    runs = replay_runs(ordered)
    conn.execute(runs_table.delete().where(runs_table.c.meeting_id == meeting_id))
    if runs:
        conn.execute(
            runs_table.insert(),
            [
                {"id": item_id, "meeting_id": meeting_id, **run}
                for item_id, run in sorted(runs.items())
            ],
        )
    _save_focus(conn, meeting_id, replay_focus(ordered))


def _save_focus(conn: Connection, meeting_id: str, focus: Focus | None) -> None:
    conn.execute(focus_table.delete().where(focus_table.c.meeting_id == meeting_id))
    if focus is not None:
        conn.execute(
            focus_table.insert().values(
                meeting_id=meeting_id, item_id=focus.item_id, question_id=focus.question_id
            )
        )


def _on_agenda_actions(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    """Keep each action; the runs and the focus of its meeting are recomputed from all of them
    once the events being applied are in (once per meeting, however they are interleaved)."""
    context.conn.execute(
        agenda_actions_table.insert(),
        [
            {
                "meeting_id": event.meeting_id,
                "event_id": event.event_id,
                "rank": int(event.payload.get("rank", 0)),
                "at_ms": corrected_time(context, event),
                "hlc": event.hlc,
                "type": event.type,
                "payload": canonical_json(event.payload),
            }
            for event in events
        ],
    )
    for meeting_id in dict.fromkeys(event.meeting_id for event in events):
        context.at_end[(recompute_live_agenda, meeting_id)] = partial(
            recompute_live_agenda, context.conn, meeting_id
        )


registry.on_batch(*AGENDA_ACTION_TYPES)(_on_agenda_actions)


@registry.on(AGENDA_NOTES_EDITED)
def _notes_edited(context: HandlerContext, event: JournalEvent) -> None:
    item_id = event.payload["item_id"]
    exists = context.conn.execute(
        select(notes_table.c.id).where(
            notes_table.c.id == item_id, notes_table.c.meeting_id == event.meeting_id
        )
    ).scalar()
    if exists is None:
        context.conn.execute(
            notes_table.insert().values(
                id=item_id, meeting_id=event.meeting_id, notes="", version="", stamps="{}"
            )
        )
    apply_edit(
        context,
        event,
        notes_table,
        "agenda_notes",
        item_id,
        {"notes": event.payload["notes"]},
        event.payload.get("base"),
    )


@registry.on(QUESTION_ASKED)
def _question_asked(context: HandlerContext, event: JournalEvent) -> None:
    question_id = event.payload["question_id"]
    fields = {"text": event.payload["text"], "removed": False}
    context.conn.execute(
        questions_table.insert().values(
            id=question_id,
            meeting_id=event.meeting_id,
            agenda_item_id=event.payload.get("agenda_item_id"),
            position=float(event.payload.get("position", 0.0)),
            version=event.event_id,
            stamps=initial_stamps(context, event, fields),
            **fields,
        )
    )
    replay_pending_edits(context, questions_table, "question", question_id)


@registry.on(QUESTION_EDITED)
def _question_edited(context: HandlerContext, event: JournalEvent) -> None:
    changes = {k: v for k, v in event.payload["changes"].items() if k in ("text", "removed")}
    apply_edit(
        context,
        event,
        questions_table,
        "question",
        event.payload["question_id"],
        changes,
        event.payload.get("base"),
    )


DECISION_FIELDS = ("kind", "text", "owner", "owner_id", "due_date", "agenda_item_id", "removed")


def _owner_text(event: JournalEvent) -> dict[str, Any]:
    """The typed owner, from the personal part (gone once erased); older events had it in the
    payload."""
    personal = event.personal or {}
    return {"owner": personal["owner"]} if "owner" in personal else {}


@registry.on(DECISION_RECORDED)
def _decision_recorded(context: HandlerContext, event: JournalEvent) -> None:
    decision_id = event.payload["decision_id"]
    fields = {name: event.payload.get(name) for name in DECISION_FIELDS if name != "removed"}
    fields.update(_owner_text(event))
    fields["owner"] = fields["owner"] or ""
    fields["removed"] = False
    context.conn.execute(
        decisions_table.insert().values(
            id=decision_id,
            meeting_id=event.meeting_id,
            recorded_hlc=event.hlc,
            version=event.event_id,
            stamps=initial_stamps(context, event, fields),
            **fields,
        )
    )
    replay_pending_edits(context, decisions_table, "decision", decision_id)


@registry.on(DECISION_EDITED)
def _decision_edited(context: HandlerContext, event: JournalEvent) -> None:
    changes = {k: v for k, v in event.payload["changes"].items() if k in DECISION_FIELDS}
    changes.update(_owner_text(event))
    apply_edit(
        context,
        event,
        decisions_table,
        "decision",
        event.payload["decision_id"],
        changes,
        event.payload.get("base"),
    )
