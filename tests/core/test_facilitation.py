"""Running the agenda: start, pause, next, timers and overrun, notes, questions, decisions, undo."""

from __future__ import annotations

from datetime import date

import pytest

from civodesk.clock import ManualClock
from civodesk.facilitation.agenda_run import (
    DecisionFields,
    DecisionKind,
    RunState,
    TimerLevel,
    format_duration,
    read_timer,
)
from civodesk.facilitation.service import NoAgendaItemError
from civodesk.meetings.meeting import AgendaItemFields, ValidationError
from civodesk.services import Services
from civodesk.undo import UndoHistory
from tests.factories import meeting_fields

MINUTE = 60_000


@pytest.fixture
def meeting(services: Services) -> str:
    agenda = [AgendaItemFields("Accueil", 10), AgendaItemFields("Budget", 30)]
    return services.meetings.create_meeting(meeting_fields(), agenda).meeting_id


def test_start_pause_next_and_overrun(services: Services, meeting: str, clock: ManualClock) -> None:
    facilitation = services.facilitation
    facilitation.start(meeting)
    board = facilitation.board(meeting)
    first = board.current_item
    assert first is not None
    assert first.title == "Accueil"
    assert first.state == RunState.RUNNING
    clock.advance(4 * MINUTE)
    facilitation.pause(meeting)
    clock.advance(20 * MINUTE)  # paused time does not count
    facilitation.start(meeting)
    clock.advance(5 * MINUTE + 30_000)
    running = facilitation.board(meeting).current_item
    assert running is not None
    reading = read_timer(running, clock.now_ms())
    assert reading.elapsed_ms == 9 * MINUTE + 30_000
    assert reading.level == TimerLevel.WARNING
    clock.advance(2 * MINUTE)
    reading = read_timer(running, clock.now_ms())
    assert reading.level == TimerLevel.OVER
    assert format_duration(reading.remaining_ms) == "−1:30"
    facilitation.next_item(meeting)
    board = facilitation.board(meeting)
    done, budget = board.items
    assert done.state == RunState.DONE
    assert done.overrun_ms == 90_000
    assert board.current_item_id == budget.item_id
    assert budget.state == RunState.RUNNING
    facilitation.next_item(meeting)
    assert all(item.state == RunState.DONE for item in facilitation.board(meeting).items)


def test_a_meeting_without_agenda_has_nothing_to_start(services: Services) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    with pytest.raises(NoAgendaItemError):
        services.facilitation.start(meeting)


def test_timer_actions_undo_and_redo(services: Services, meeting: str, clock: ManualClock) -> None:
    history = UndoHistory(services.execute)
    history.scope = meeting
    history.record(services.facilitation.start(meeting))
    clock.advance(3 * MINUTE)
    history.record(services.facilitation.next_item(meeting))
    after = services.facilitation.board(meeting)
    history.undo()
    board = services.facilitation.board(meeting)
    assert board.items[0].state == RunState.RUNNING
    assert board.items[1].state == RunState.PENDING
    assert board.current_item_id == board.items[0].item_id
    history.undo()
    assert all(
        item.state == RunState.PENDING for item in services.facilitation.board(meeting).items
    )
    history.redo()
    history.redo()
    assert services.facilitation.board(meeting).items == after.items


def test_notes_questions_and_decisions(services: Services, meeting: str) -> None:
    history = UndoHistory(services.execute)
    history.scope = meeting
    facilitation = services.facilitation
    item = facilitation.board(meeting).items[1].item_id
    history.record(facilitation.set_notes(meeting, item, "Débat sur les priorités 2027."))
    history.record(facilitation.ask_question(meeting, item, "Que financer en premier ?"))
    history.record(
        facilitation.record_decision(
            meeting,
            DecisionFields(
                "Chiffrer la piste cyclable",
                DecisionKind.ACTION,
                item,
                owner="Services techniques",
                due_date=date(2027, 1, 15),
            ),
        )
    )
    board = facilitation.board(meeting)
    assert board.items[1].notes == "Débat sur les priorités 2027."
    assert board.current_question is not None
    assert board.current_question.text == "Que financer en premier ?"
    (decision,) = board.decisions
    assert (decision.owner, decision.due_date) == ("Services techniques", date(2027, 1, 15))
    with pytest.raises(ValidationError):
        facilitation.record_decision(meeting, DecisionFields("Appeler", DecisionKind.ACTION))
    with pytest.raises(ValidationError):
        facilitation.record_decision(meeting, DecisionFields("  "))
    for _step in range(3):
        history.undo()
    board = facilitation.board(meeting)
    assert (board.items[1].notes, board.current_question, board.decisions) == ("", None, ())
