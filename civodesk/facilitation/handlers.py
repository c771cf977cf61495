"""How the live agenda's events update its tables.

Timer events use the device time of the event (what the facilitator saw on the clock) corrected
by its device's journaled clock offset in force before it (``corrected_time``), so a timer started
on a desk a day fast and paused on another counts the minutes that passed, and a replay of the
journal gives exactly the same elapsed and overrun figures. Stored run times are on that corrected
clock; ``AgendaBoard.clock_offset_ms`` brings the reading desk's clock onto it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from civodesk.db.schema import table_of
from civodesk.facilitation.tables import (
    AgendaNotes,
    AgendaRun,
    Decision,
    FacilitationFocus,
    Question,
)
from civodesk.journal.clock_offset import corrected_time
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import apply_edit, initial_stamps, replay_pending_edits

AGENDA_ITEM_STARTED = "agenda_item.started"
AGENDA_ITEM_PAUSED = "agenda_item.paused"
AGENDA_ITEM_FINISHED = "agenda_item.finished"
AGENDA_RUNS_RESTORED = "agenda_item.runs_restored"
AGENDA_NOTES_EDITED = "agenda_item.notes_edited"
QUESTION_ASKED = "question.asked"
QUESTION_EDITED = "question.edited"
FOCUS_SET = "facilitation.focus_set"
DECISION_RECORDED = "decision.recorded"
DECISION_EDITED = "decision.edited"

RUN_FIELDS = ("state", "elapsed_ms", "running_since_ms", "started_ms", "finished_ms", "overrun_ms")

runs_table = table_of(AgendaRun)
focus_table = table_of(FacilitationFocus)
questions_table = table_of(Question)
notes_table = table_of(AgendaNotes)
decisions_table = table_of(Decision)
registry.own_tables(runs_table, focus_table, questions_table, notes_table, decisions_table)


def _run(context: HandlerContext, meeting_id: str, item_id: str) -> dict[str, Any]:
    row = context.conn.execute(
        select(runs_table).where(runs_table.c.id == item_id, runs_table.c.meeting_id == meeting_id)
    ).one_or_none()
    if row is None:
        context.conn.execute(
            runs_table.insert().values(
                id=item_id, meeting_id=meeting_id, state="pending", elapsed_ms=0
            )
        )
        return {"state": "pending", "elapsed_ms": 0, "running_since_ms": None, "started_ms": None}
    return dict(row._mapping)


def _save_run(
    context: HandlerContext, meeting_id: str, item_id: str, values: dict[str, Any]
) -> None:
    context.conn.execute(
        runs_table.update()
        .where(runs_table.c.id == item_id, runs_table.c.meeting_id == meeting_id)
        .values(**{name: values[name] for name in RUN_FIELDS if name in values})
    )


def _stop(run: dict[str, Any], at_ms: int) -> dict[str, Any]:
    """Bank the running time (a clock set back never makes elapsed time go negative)."""
    if run["state"] == "running" and run["running_since_ms"] is not None:
        run["elapsed_ms"] += max(0, at_ms - run["running_since_ms"])
    run["running_since_ms"] = None
    return run


def _set_focus(context: HandlerContext, meeting_id: str, **values: str | None) -> None:
    exists = context.conn.execute(
        select(focus_table.c.meeting_id).where(focus_table.c.meeting_id == meeting_id)
    ).scalar()
    if exists is None:
        context.conn.execute(
            focus_table.insert().values(
                meeting_id=meeting_id,
                item_id=values.get("item_id"),
                question_id=values.get("question_id"),
            )
        )
    else:
        context.conn.execute(
            focus_table.update().where(focus_table.c.meeting_id == meeting_id).values(**values)
        )


@registry.on(AGENDA_ITEM_STARTED)
def _item_started(context: HandlerContext, event: JournalEvent) -> None:
    """Start (or resume) an item; whatever else was running is paused."""
    at_ms, item_id = corrected_time(context, event), event.payload["item_id"]
    running = context.conn.execute(
        select(runs_table.c.id).where(
            runs_table.c.meeting_id == event.meeting_id,
            runs_table.c.state == "running",
            runs_table.c.id != item_id,
        )
    ).scalars()
    for other in list(running):
        run = _stop(_run(context, event.meeting_id, other), at_ms)
        run["state"] = "paused"
        _save_run(context, event.meeting_id, other, run)
    run = _run(context, event.meeting_id, item_id)
    if run["state"] != "running":
        run.update(state="running", running_since_ms=at_ms, finished_ms=None, overrun_ms=None)
        if run["started_ms"] is None:
            run["started_ms"] = at_ms
        _save_run(context, event.meeting_id, item_id, run)
    _set_focus(context, event.meeting_id, item_id=item_id)


@registry.on(AGENDA_ITEM_PAUSED)
def _item_paused(context: HandlerContext, event: JournalEvent) -> None:
    item_id = event.payload["item_id"]
    run = _run(context, event.meeting_id, item_id)
    if run["state"] == "running":
        run = _stop(run, corrected_time(context, event))
        run["state"] = "paused"
        _save_run(context, event.meeting_id, item_id, run)


@registry.on(AGENDA_ITEM_FINISHED)
def _item_finished(context: HandlerContext, event: JournalEvent) -> None:
    """Close an item; its overrun (time beyond the planned duration at that moment) is recorded."""
    item_id = event.payload["item_id"]
    at_ms = corrected_time(context, event)
    run = _stop(_run(context, event.meeting_id, item_id), at_ms)
    planned_ms = int(event.payload["planned_ms"])
    run.update(
        state="done",
        finished_ms=at_ms,
        overrun_ms=max(0, run["elapsed_ms"] - planned_ms),
    )
    _save_run(context, event.meeting_id, item_id, run)


@registry.on(AGENDA_RUNS_RESTORED)
def _runs_restored(context: HandlerContext, event: JournalEvent) -> None:
    """Undo of a timer action: put the items' runs and the focus back as they were."""
    for saved in event.payload["runs"]:
        _run(context, event.meeting_id, saved["item_id"])
        _save_run(context, event.meeting_id, saved["item_id"], saved)
    _set_focus(context, event.meeting_id, item_id=event.payload.get("focus_item_id"))


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


@registry.on(FOCUS_SET)
def _focus_set(context: HandlerContext, event: JournalEvent) -> None:
    values = {k: v for k, v in event.payload.items() if k in ("item_id", "question_id")}
    _set_focus(context, event.meeting_id, **values)


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
