"""The timer's actions in one causal order, whatever order they arrive in
(``civodesk.facilitation.timer_runs``)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from civodesk.facilitation.timer_runs import (
    AGENDA_ITEM_FINISHED,
    AGENDA_ITEM_PAUSED,
    AGENDA_ITEM_STARTED,
    AGENDA_RUNS_RESTORED,
    TimerAction,
    causal_order,
    replay_runs,
)
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, HandlerRegistry

MINUTE = 60_000


def _action(
    event_id: str,
    device: str,
    seq: int,
    at_ms: int,
    kind: str,
    after: str | None = None,
    **rest: object,
) -> TimerAction:
    payload = {"item_id": "budget", "after": after, **rest}
    return TimerAction(event_id, device, seq, at_ms, at_ms, kind, payload)


def test_an_action_comes_after_the_one_it_saw_even_when_its_clock_says_earlier() -> None:
    start = _action("e1", "fast", 1, 10 * MINUTE, AGENDA_ITEM_STARTED)
    pause = _action("e2", "slow", 1, 2 * MINUTE, AGENDA_ITEM_PAUSED, after="e1")
    assert causal_order([pause, start]) == [start, pause]
    runs = replay_runs(causal_order([pause, start]))
    assert runs["budget"]["state"] == "paused"
    assert runs["budget"]["elapsed_ms"] == 0  # a clock set back never counts negative time


def test_actions_that_did_not_see_each_other_go_by_corrected_time() -> None:
    start = _action("e9", "a", 1, 1 * MINUTE, AGENDA_ITEM_STARTED)
    pause = _action("e1", "b", 1, 6 * MINUTE, AGENDA_ITEM_PAUSED)
    runs = replay_runs(causal_order([pause, start]))
    assert (runs["budget"]["state"], runs["budget"]["elapsed_ms"]) == ("paused", 5 * MINUTE)


def test_a_desk_s_own_actions_keep_their_sequence_whatever_its_clock_did() -> None:
    start = _action("e1", "a", 1, 9 * MINUTE, AGENDA_ITEM_STARTED)
    finish = _action("e2", "a", 2, 1 * MINUTE, AGENDA_ITEM_FINISHED, planned_ms=MINUTE)
    assert causal_order([finish, start]) == [start, finish]
    assert replay_runs([start, finish])["budget"]["state"] == "done"


def test_a_forged_cycle_is_broken_at_its_smallest_action() -> None:
    first = _action("e1", "a", 1, 1 * MINUTE, AGENDA_ITEM_STARTED, after="e2")
    second = _action("e2", "b", 1, 2 * MINUTE, AGENDA_ITEM_PAUSED, after="e1")
    assert causal_order([second, first]) == [first, second]


def test_an_undo_puts_the_saved_run_back() -> None:
    start = _action("e1", "a", 1, 0, AGENDA_ITEM_STARTED)
    undo = TimerAction(
        "e2",
        "a",
        2,
        MINUTE,
        MINUTE,
        AGENDA_RUNS_RESTORED,
        {"runs": [{"item_id": "budget", "state": "pending", "elapsed_ms": 0}], "after": "e1"},
    )
    assert replay_runs(causal_order([undo, start]))["budget"]["state"] == "pending"


KINDS = (AGENDA_ITEM_STARTED, AGENDA_ITEM_PAUSED, AGENDA_ITEM_FINISHED)


@st.composite
def _histories(draw: st.DrawFn) -> list[TimerAction]:
    """Actions of up to three desks on two items, each naming an earlier action it saw."""
    actions: list[TimerAction] = []
    seqs = {"a": 0, "b": 0, "c": 0}
    for index in range(draw(st.integers(1, 12))):
        device = draw(st.sampled_from(sorted(seqs)))
        seqs[device] += 1
        after = draw(st.sampled_from([None, *(a.event_id for a in actions)]))
        actions.append(
            TimerAction(
                f"e{index:02d}",
                device,
                seqs[device],
                draw(st.integers(0, 30)) * MINUTE,  # clocks that disagree freely
                draw(st.integers(0, 10**6)),
                draw(st.sampled_from(KINDS)),
                {
                    "item_id": draw(st.sampled_from(["budget", "voirie"])),
                    "planned_ms": 5 * MINUTE,
                    "after": after,
                },
            )
        )
    return actions


@given(_histories(), st.randoms(use_true_random=False))
def test_every_arrival_order_gives_one_causal_order_and_the_same_runs(
    actions: list[TimerAction], shuffler: random.Random
) -> None:
    reference = causal_order(actions)
    arrived = list(actions)
    shuffler.shuffle(arrived)
    assert causal_order(arrived) == reference
    assert replay_runs(causal_order(arrived)) == replay_runs(reference)
    position = {action.event_id: index for index, action in enumerate(reference)}
    for action in actions:
        if action.after is not None:
            assert position[action.after] < position[action.event_id]
    for earlier in actions:
        for later in actions:
            if earlier.device_id == later.device_id and earlier.seq < later.seq:
                assert position[earlier.event_id] < position[later.event_id]


def test_consecutive_events_of_one_batch_handler_s_types_make_one_run() -> None:
    """The timer's four types share a handler: a start, a pause and a start in a row recompute
    the runs once, not three times (a push of many timer actions stays linear)."""
    runs: list[list[str]] = []
    registry = HandlerRegistry()
    registry.on_batch("a", "b")(lambda _context, events: runs.append([e.type for e in events]))
    registry.on("c")(lambda _context, event: runs.append([event.type]))
    events = [SimpleNamespace(type=kind) for kind in ("a", "b", "a", "c", "b")]
    registry.apply(cast(HandlerContext, None), cast(list[JournalEvent], events))
    assert runs == [["a", "b", "a"], ["c"], ["b"]]
