"""Running the agenda: start, pause, next item, notes, questions, decisions.

Each action writes its events and tables in one transaction and returns a ``ChangeSet`` (topic
``agenda_run``, with the item ids touched) carrying the inverse command.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.facilitation.agenda_run import (
    MAX_NOTES,
    AgendaBoard,
    AgendaRunView,
    DecisionFields,
    DecisionKind,
    QuestionView,
    RunState,
    validate_decision,
)
from civodesk.facilitation.commands import (
    RestoreRuns,
    SetDecisionFields,
    SetNotes,
    SetQuestionState,
)
from civodesk.facilitation.decisions import owner_fields, read_decisions, require_participant
from civodesk.facilitation.handlers import (
    AGENDA_NOTES_EDITED,
    DECISION_EDITED,
    DECISION_FIELDS,
    DECISION_RECORDED,
    QUESTION_ASKED,
    QUESTION_EDITED,
    RUN_FIELDS,
    decisions_table,
    focus_table,
    next_action_rank,
    notes_table,
    questions_table,
    runs_table,
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
from civodesk.ids import new_id
from civodesk.journal.clock_offset import reader_offset
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.guards import require_editable
from civodesk.meetings.handlers import agenda_items
from civodesk.meetings.meeting import FieldError, ValidationError

RUN_TOPICS = frozenset({"agenda_run"})


class NoAgendaItemError(LookupError):
    def __init__(self) -> None:
        super().__init__(_("Aucun point de l'ordre du jour à lancer."))


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


class FacilitationService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    # Reading ---------------------------------------------------------------------------------

    def board(self, meeting_id: str) -> AgendaBoard:
        with self._db.read() as conn:
            return read_board(conn, meeting_id, self._journal.device.device_id)

    # Timer -----------------------------------------------------------------------------------

    def start(self, meeting_id: str, item_id: str | None = None) -> ChangeSet:
        """Start (or resume) ``item_id``, or the current item, or the first not done."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            board = read_board(conn, meeting_id, self._journal.device.device_id)
            target = item_id or board.current_item_id
            if target is None:
                upcoming = board.next_item()
                target = upcoming.item_id if upcoming else None
            if target is None or target not in {item.item_id for item in board.items}:
                raise NoAgendaItemError()
            events = _ranked(conn, meeting_id, [NewEvent(AGENDA_ITEM_STARTED, {"item_id": target})])
            self._journal.append_many(conn, meeting_id, events)
            after = read_board(conn, meeting_id, self._journal.device.device_id)
        return self._timer_change(
            meeting_id, board, after, _("Lancer le point"), [target], len(events)
        )

    def pause(self, meeting_id: str) -> ChangeSet:
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            board = read_board(conn, meeting_id, self._journal.device.device_id)
            running = [item.item_id for item in board.items if item.state == RunState.RUNNING]
            events = _ranked(
                conn,
                meeting_id,
                [NewEvent(AGENDA_ITEM_PAUSED, {"item_id": item}) for item in running],
            )
            if events:
                self._journal.append_many(conn, meeting_id, events)
            after = read_board(conn, meeting_id, self._journal.device.device_id)
        return self._timer_change(
            meeting_id, board, after, _("Mettre en pause"), running, len(events)
        )

    def next_item(self, meeting_id: str) -> ChangeSet:
        """Finish the current item (its overrun is recorded) and start the next one not done."""
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            board = read_board(conn, meeting_id, self._journal.device.device_id)
            current = board.current_item
            upcoming = board.next_item()
            if current is None and upcoming is None:
                raise NoAgendaItemError()
            events, touched_ids = [], []
            if current is not None and current.state != RunState.DONE:
                events.append(
                    NewEvent(
                        AGENDA_ITEM_FINISHED,
                        {
                            "item_id": current.item_id,
                            "planned_ms": current.planned_ms,
                        },
                    )
                )
                touched_ids.append(current.item_id)
            if upcoming is not None:
                events.append(NewEvent(AGENDA_ITEM_STARTED, {"item_id": upcoming.item_id}))
                touched_ids.append(upcoming.item_id)
            self._journal.append_many(conn, meeting_id, _ranked(conn, meeting_id, events))
            after = read_board(conn, meeting_id, self._journal.device.device_id)
        return self._timer_change(
            meeting_id, board, after, _("Point suivant"), touched_ids, len(events)
        )

    def _timer_change(
        self,
        meeting_id: str,
        before: AgendaBoard,
        after: AgendaBoard,
        label: str,
        item_ids: list[str],
        count: int,
    ) -> ChangeSet:
        """Undo puts the touched runs back as they were before; redo as they are now."""
        touched_ids = set(item_ids) | {
            item.item_id for item in before.items if item.state == RunState.RUNNING
        }
        return ChangeSet(
            meeting_id,
            label,
            RUN_TOPICS,
            count,
            undo=RestoreRuns(
                meeting_id, label, _snapshot(before, touched_ids), before.current_item_id
            )
            if count
            else None,
            redo=RestoreRuns(
                meeting_id, label, _snapshot(after, touched_ids), after.current_item_id
            )
            if count
            else None,
            changed=touched(agenda_run=touched_ids),
        )

    def restore_runs(self, command: RestoreRuns) -> ChangeSet:
        with self._db.write() as conn:
            require_editable(conn, command.meeting_id)
            before = read_board(conn, command.meeting_id, self._journal.device.device_id)
            redo = _snapshot(before, {dict(run)["item_id"] for run in command.runs})
            event = NewEvent(
                AGENDA_RUNS_RESTORED,
                {
                    "runs": [dict(run) for run in command.runs],
                    "focus_item_id": command.focus_item_id,
                },
            )
            self._journal.append_many(
                conn, command.meeting_id, _ranked(conn, command.meeting_id, [event])
            )
        return ChangeSet(
            command.meeting_id,
            command.label,
            RUN_TOPICS,
            1,
            undo=RestoreRuns(command.meeting_id, command.label, redo, before.current_item_id),
            redo=command,
            changed=touched(agenda_run=[run["item_id"] for run in command.runs]),
        )

    # Notes -----------------------------------------------------------------------------------

    def set_notes(self, meeting_id: str, item_id: str, notes: str) -> ChangeSet:
        if len(notes) > MAX_NOTES:
            raise ValidationError(
                [
                    FieldError(
                        "notes",
                        _("Les notes dépassent {count} caractères.").format(count=MAX_NOTES),
                    )
                ]
            )
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._require_item(conn, meeting_id, item_id)
            row = conn.execute(
                select(notes_table.c.notes, notes_table.c.version).where(
                    notes_table.c.id == item_id, notes_table.c.meeting_id == meeting_id
                )
            ).one_or_none()
            previous = row.notes if row is not None else ""
            if previous == notes:
                return ChangeSet(meeting_id, _("Notes du point"), RUN_TOPICS, 0)
            event = NewEvent(
                AGENDA_NOTES_EDITED,
                {"item_id": item_id, "notes": notes, "base": row.version if row else None},
            )
            self._journal.append_many(conn, meeting_id, [event])
        return ChangeSet(
            meeting_id,
            _("Notes du point"),
            RUN_TOPICS,
            1,
            undo=SetNotes(meeting_id, item_id, previous),
            redo=SetNotes(meeting_id, item_id, notes),
            changed=touched(agenda_run=[item_id]),
        )

    def _require_item(self, conn: Connection, meeting_id: str, item_id: str | None) -> None:
        if item_id is None:
            return
        known = conn.execute(
            select(agenda_items.c.id).where(
                agenda_items.c.id == item_id,
                agenda_items.c.meeting_id == meeting_id,
                agenda_items.c.removed.is_(False),
            )
        ).scalar()
        if known is None:
            raise ValidationError(
                [FieldError("agenda_item_id", _("Point de l'ordre du jour inconnu."))]
            )

    # Questions -------------------------------------------------------------------------------

    def ask_question(self, meeting_id: str, item_id: str | None, text: str) -> ChangeSet:
        """A question for the room; it becomes the current question (what the projector shows)."""
        if not text.strip():
            raise ValidationError([FieldError("text", _("La question est vide."))])
        question_id = new_id()
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._require_item(conn, meeting_id, item_id)
            previous = read_board(conn, meeting_id, self._journal.device.device_id).current_question
            count = conn.execute(
                select(func.count()).where(questions_table.c.meeting_id == meeting_id)
            ).scalar_one()
            events = [
                NewEvent(
                    QUESTION_ASKED,
                    {
                        "question_id": question_id,
                        "agenda_item_id": item_id,
                        "text": text.strip(),
                        "position": float(count),
                    },
                ),
                *_ranked(conn, meeting_id, [NewEvent(FOCUS_SET, {"question_id": question_id})]),
            ]
            self._journal.append_many(conn, meeting_id, events)
        label = _("Poser une question")
        return ChangeSet(
            meeting_id,
            label,
            RUN_TOPICS,
            len(events),
            undo=SetQuestionState(meeting_id, question_id, True, previous.id if previous else None),
            redo=SetQuestionState(meeting_id, question_id, False, question_id),
            created_ids=(question_id,),
            changed=touched(questions=[question_id]),
        )

    def set_question_state(self, command: SetQuestionState) -> ChangeSet:
        with self._db.write() as conn:
            require_editable(conn, command.meeting_id)
            row = conn.execute(
                select(questions_table.c.removed, questions_table.c.version).where(
                    questions_table.c.id == command.question_id,
                    questions_table.c.meeting_id == command.meeting_id,
                )
            ).one()
            focus = read_board(
                conn, command.meeting_id, self._journal.device.device_id
            ).current_question
            events = [
                NewEvent(
                    QUESTION_EDITED,
                    {
                        "question_id": command.question_id,
                        "base": row.version,
                        "changes": {"removed": command.removed},
                    },
                ),
                *_ranked(
                    conn,
                    command.meeting_id,
                    [NewEvent(FOCUS_SET, {"question_id": command.focus_question_id})],
                ),
            ]
            self._journal.append_many(conn, command.meeting_id, events)
        return ChangeSet(
            command.meeting_id,
            _("Poser une question"),
            RUN_TOPICS,
            len(events),
            undo=SetQuestionState(
                command.meeting_id,
                command.question_id,
                bool(row.removed),
                focus.id if focus else None,
            ),
            redo=command,
            changed=touched(questions=[command.question_id]),
        )

    # Decisions and actions -------------------------------------------------------------------

    def record_decision(self, meeting_id: str, fields: DecisionFields) -> ChangeSet:
        """What was decided, or an action: who does what, by when."""
        _refuse(validate_decision(fields))
        decision_id = new_id()
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._require_item(conn, meeting_id, fields.agenda_item_id)
            require_participant(conn, meeting_id, fields.owner_id)
            owner = owner_fields(fields)
            event = NewEvent(
                DECISION_RECORDED,
                {
                    "decision_id": decision_id,
                    "agenda_item_id": fields.agenda_item_id,
                    "kind": DecisionKind(fields.kind).value,
                    "text": fields.text.strip(),
                    "owner_id": owner["owner_id"],
                    "due_date": fields.due_date.isoformat() if fields.due_date else None,
                },
                {"owner": owner["owner"]} if owner["owner"] else None,
            )
            self._journal.append_many(conn, meeting_id, [event])
        label = _("Noter une décision")
        return ChangeSet(
            meeting_id,
            label,
            RUN_TOPICS,
            1,
            undo=SetDecisionFields(meeting_id, decision_id, {"removed": True}),
            redo=SetDecisionFields(meeting_id, decision_id, {"removed": False}),
            created_ids=(decision_id,),
            changed=touched(decisions=[decision_id]),
        )

    def edit_decision(self, meeting_id: str, decision_id: str, fields: DecisionFields) -> ChangeSet:
        _refuse(validate_decision(fields))
        return self.set_decision_fields(
            SetDecisionFields(
                meeting_id,
                decision_id,
                {
                    "kind": DecisionKind(fields.kind).value,
                    "text": fields.text.strip(),
                    **owner_fields(fields),
                    "due_date": fields.due_date.isoformat() if fields.due_date else None,
                },
            )
        )

    def remove_decision(self, meeting_id: str, decision_id: str) -> ChangeSet:
        return self.set_decision_fields(
            SetDecisionFields(meeting_id, decision_id, {"removed": True})
        )

    def set_decision_fields(self, command: SetDecisionFields) -> ChangeSet:
        unknown = set(command.changes) - set(DECISION_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with self._db.write() as conn:
            require_editable(conn, command.meeting_id)
            require_participant(conn, command.meeting_id, command.changes.get("owner_id"))
            row = conn.execute(
                select(decisions_table).where(
                    decisions_table.c.id == command.decision_id,
                    decisions_table.c.meeting_id == command.meeting_id,
                )
            ).one_or_none()
            if row is None:
                raise LookupError(_("Décision introuvable."))
            previous = {name: row._mapping[name] for name in command.changes}
            actual = {k: v for k, v in command.changes.items() if previous[k] != v}
            if actual:
                public = {k: v for k, v in actual.items() if k != "owner"}
                event = NewEvent(
                    DECISION_EDITED,
                    {"decision_id": command.decision_id, "base": row.version, "changes": public},
                    {"owner": actual["owner"]} if "owner" in actual else None,
                )
                self._journal.append_many(conn, command.meeting_id, [event])
        return ChangeSet(
            command.meeting_id,
            _("Modifier une décision"),
            RUN_TOPICS,
            1 if actual else 0,
            undo=SetDecisionFields(command.meeting_id, command.decision_id, previous)
            if actual
            else None,
            redo=command if actual else None,
            changed=touched(decisions=[command.decision_id]),
        )


def _ranked(conn: Connection, meeting_id: str, events: list[NewEvent]) -> list[NewEvent]:
    """Agenda actions carry their rank: after every agenda action this desk holds, in order."""
    if not events:
        return []
    first = next_action_rank(conn, meeting_id)
    return [
        NewEvent(event.type, {**event.payload, "rank": min(RANK_LIMIT, first + index)})
        for index, event in enumerate(events)
    ]


def _snapshot(board: AgendaBoard, item_ids: set[str]) -> tuple[dict[str, Any], ...]:
    """The runs of ``item_ids`` as ``RestoreRuns`` carries them."""
    return tuple(
        {
            "item_id": item.item_id,
            "state": item.state.value,
            "elapsed_ms": item.elapsed_ms,
            "running_since_ms": item.running_since_ms,
            "overrun_ms": item.overrun_ms,
            "finished_ms": item.finished_ms,
        }
        for item in board.items
        if item.item_id in item_ids
    )


def read_board(conn: Connection, meeting_id: str, reader_id: str) -> AgendaBoard:
    """The live agenda as the desk ``reader_id`` shows it (its clock offset comes along)."""
    items = conn.execute(
        select(
            agenda_items.c.id,
            agenda_items.c.title,
            agenda_items.c.duration_minutes,
            *(runs_table.c[name] for name in RUN_FIELDS),
            notes_table.c.notes,
            notes_table.c.version.label("notes_version"),
        )
        .outerjoin(
            runs_table,
            (runs_table.c.id == agenda_items.c.id) & (runs_table.c.meeting_id == meeting_id),
        )
        .outerjoin(
            notes_table,
            (notes_table.c.id == agenda_items.c.id) & (notes_table.c.meeting_id == meeting_id),
        )
        .where(agenda_items.c.meeting_id == meeting_id, agenda_items.c.removed.is_(False))
        .order_by(agenda_items.c.position, agenda_items.c.id)
    ).all()
    focus = conn.execute(
        select(focus_table).where(focus_table.c.meeting_id == meeting_id)
    ).one_or_none()
    questions = [
        QuestionView(row.id, row.agenda_item_id, row.text)
        for row in conn.execute(
            select(questions_table)
            .where(questions_table.c.meeting_id == meeting_id, questions_table.c.removed.is_(False))
            .order_by(questions_table.c.position)
        ).all()
    ]
    decisions = read_decisions(conn, meeting_id)
    question_id = focus.question_id if focus else None
    return AgendaBoard(
        items=tuple(
            AgendaRunView(
                item_id=row.id,
                title=row.title,
                planned_ms=row.duration_minutes * 60_000,
                state=RunState(row.state or "pending"),
                elapsed_ms=row.elapsed_ms or 0,
                running_since_ms=row.running_since_ms,
                overrun_ms=row.overrun_ms,
                finished_ms=row.finished_ms,
                notes=row.notes or "",
                notes_version=row.notes_version,
            )
            for row in items
        ),
        current_item_id=focus.item_id if focus else None,
        current_question=next((q for q in questions if q.id == question_id), None),
        questions=tuple(questions),
        decisions=tuple(decisions),
        clock_offset_ms=reader_offset(conn, meeting_id, reader_id),
    )
