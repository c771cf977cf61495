"""The timer's actions in one causal order, whatever order they arrive in
(``civodesk.facilitation.timer_runs``)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import cast

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection

from civodesk.facilitation.timer_runs import (
    AGENDA_ITEM_FINISHED,
    AGENDA_ITEM_PAUSED,
    AGENDA_ITEM_STARTED,
    AGENDA_RUNS_RESTORED,
    RANK_LIMIT,
    TimerAction,
    causal_order,
    next_rank,
    replay_runs,
)
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, HandlerRegistry

MINUTE = 60_000


def _no_database() -> HandlerContext:
    return HandlerContext(cast(Connection, None), "live")


def _action(
    event_id: str, rank: int, at_ms: int, kind: str, item: str = "budget", **rest: object
) -> TimerAction:
    return TimerAction(event_id, rank, at_ms, at_ms, kind, {"item_id": item, **rest})


def test_an_action_comes_after_the_ones_its_desk_had_seen_even_when_its_clock_says_earlier() -> (
    None
):
    start = _action("e1", 1, 10 * MINUTE, AGENDA_ITEM_STARTED)
    pause = _action("e2", next_rank(start.rank), 2 * MINUTE, AGENDA_ITEM_PAUSED)
    assert causal_order([pause, start]) == [start, pause]
    runs = replay_runs(causal_order([pause, start]))
    assert runs["budget"]["state"] == "paused"
    assert runs["budget"]["elapsed_ms"] == 0  # a clock set back never counts negative time


def test_actions_that_did_not_see_each_other_go_by_corrected_time() -> None:
    start = _action("e9", 1, 1 * MINUTE, AGENDA_ITEM_STARTED)
    pause = _action("e1", 1, 6 * MINUTE, AGENDA_ITEM_PAUSED)
    runs = replay_runs(causal_order([pause, start]))
    assert (runs["budget"]["state"], runs["budget"]["elapsed_ms"]) == ("paused", 5 * MINUTE)


def test_actions_from_before_ranks_keep_clock_order_and_come_before_ranked_ones() -> None:
    old_start = TimerAction("e2", 0, 9 * MINUTE, 100, AGENDA_ITEM_STARTED, {"item_id": "budget"})
    old_pause = TimerAction("e1", 0, 1 * MINUTE, 200, AGENDA_ITEM_PAUSED, {"item_id": "budget"})
    finish = _action("e0", 1, 0, AGENDA_ITEM_FINISHED, planned_ms=MINUTE)
    assert causal_order([finish, old_pause, old_start]) == [old_start, old_pause, finish]


def test_a_forged_rank_moves_only_its_own_action_and_ranks_stop_at_their_limit() -> None:
    forged = _action("e1", RANK_LIMIT, 0, AGENDA_ITEM_STARTED)
    honest = _action("e2", 1, MINUTE, AGENDA_ITEM_PAUSED)
    assert causal_order([forged, honest]) == [honest, forged]
    assert next_rank(RANK_LIMIT) == RANK_LIMIT
    assert next_rank(None) == 1


def test_an_undo_puts_the_saved_run_back() -> None:
    start = _action("e1", 1, 0, AGENDA_ITEM_STARTED)
    undo = TimerAction(
        "e2",
        2,
        MINUTE,
        MINUTE,
        AGENDA_RUNS_RESTORED,
        {"runs": [{"item_id": "budget", "state": "pending", "elapsed_ms": 0}]},
    )
    assert replay_runs(causal_order([undo, start]))["budget"]["state"] == "pending"


def test_starting_an_item_pauses_the_one_running() -> None:
    first = _action("e1", 1, 0, AGENDA_ITEM_STARTED, item="budget")
    second = _action("e2", 2, 3 * MINUTE, AGENDA_ITEM_STARTED, item="voirie")
    runs = replay_runs([first, second])
    assert (runs["budget"]["state"], runs["budget"]["elapsed_ms"]) == ("paused", 3 * MINUTE)
    assert runs["voirie"]["state"] == "running"


KINDS = (AGENDA_ITEM_STARTED, AGENDA_ITEM_PAUSED, AGENDA_ITEM_FINISHED)


@st.composite
def _histories(draw: st.DrawFn) -> tuple[list[TimerAction], dict[str, set[str]]]:
    """Three desks click and pass actions to each other in any order; each new action's rank
    comes from what its desk holds. Returns the actions and, for each, the ones it had seen."""
    held: dict[str, dict[str, TimerAction]] = {"a": {}, "b": {}, "c": {}}
    made: list[TimerAction] = []
    seen: dict[str, set[str]] = {}
    for index in range(draw(st.integers(1, 25))):
        desk = draw(st.sampled_from(sorted(held)))
        elsewhere = [a for a in made if a.event_id not in held[desk]]
        if elsewhere and draw(st.booleans()):
            arrived = draw(st.sampled_from(elsewhere))
            held[desk][arrived.event_id] = arrived
            continue
        action = TimerAction(
            f"e{index:02d}",
            next_rank(max((a.rank for a in held[desk].values()), default=None)),
            draw(st.integers(0, 30)) * MINUTE,  # clocks that disagree freely
            draw(st.integers(0, 10**6)),
            draw(st.sampled_from(KINDS)),
            {"item_id": draw(st.sampled_from(["budget", "voirie"])), "planned_ms": 5 * MINUTE},
        )
        seen[action.event_id] = set(held[desk])
        held[desk][action.event_id] = action
        made.append(action)
    return made, seen


@given(_histories(), st.randoms(use_true_random=False))
def test_every_action_comes_after_all_it_had_seen_whatever_arrived_first(
    history: tuple[list[TimerAction], dict[str, set[str]]], shuffler: random.Random
) -> None:
    actions, seen = history
    reference = causal_order(actions)
    arrived = list(actions)
    shuffler.shuffle(arrived)
    assert causal_order(arrived) == reference
    position = {action.event_id: index for index, action in enumerate(reference)}
    for action in actions:
        for earlier in seen[action.event_id]:
            assert position[earlier] < position[action.event_id]


def test_consecutive_events_of_one_batch_handler_s_types_make_one_run() -> None:
    """The timer's four types share a handler: a start, a pause and a start in a row are one
    run, handed over at once."""
    runs: list[list[str]] = []
    registry = HandlerRegistry()
    registry.on_batch("a", "b")(lambda _context, events: runs.append([e.type for e in events]))
    registry.on("c")(lambda _context, event: runs.append([event.type]))
    events = [SimpleNamespace(type=kind) for kind in ("a", "b", "a", "c", "b")]
    registry.apply(_no_database(), cast(list[JournalEvent], events))
    assert runs == [["a", "b", "a"], ["c"], ["b"]]


def test_work_left_for_the_end_runs_once_per_key_after_the_events() -> None:
    done: list[str] = []
    registry = HandlerRegistry()

    def handler(context: HandlerContext, event: JournalEvent) -> None:
        done.append(event.type)
        context.at_end[("recount", "m1")] = lambda: done.append("recount")

    registry.on("a")(handler)
    registry.on("c")(handler)
    events = [SimpleNamespace(type=kind) for kind in ("a", "c", "a")]
    registry.apply(_no_database(), cast(list[JournalEvent], events))
    assert done == ["a", "c", "a", "recount"]
