"""The live agenda (timer runs and focus) as a function of all its actions, in any order (pure).

Desks start, pause and finish items on their own clocks, offline, and learn of each other's
actions late and in any order; a rebuild replays the journal in clock order, which the clock's
bound does not keep causal (``civodesk.journal.hlc``). A timer run is a state machine, so the
order its actions are applied in decides the result. Each run is therefore recomputed from every
action of its meeting, sorted by a key of the actions alone:

- ``rank``, a Lamport counter: one more than the highest rank among the meeting's timer actions
  the desk held when the facilitator clicked. An action comes after every action its desk had
  seen, whatever the clocks say, and its place never depends on an action that has not arrived;
- then, for actions that did not see each other, corrected time (device time plus the desk's
  journaled offset), clock and event id.

Actions written before ranks existed have rank 0 and keep the order a rebuild gave them then
(clock order). Ranks stop at ``RANK_LIMIT``; a forged rank near it degrades the meeting's order
to corrected time (docs/facilitation.md, "Limits").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

AGENDA_ITEM_STARTED = "agenda_item.started"
AGENDA_ITEM_PAUSED = "agenda_item.paused"
AGENDA_ITEM_FINISHED = "agenda_item.finished"
AGENDA_RUNS_RESTORED = "agenda_item.runs_restored"
FOCUS_SET = "facilitation.focus_set"
AGENDA_ACTION_TYPES = (
    AGENDA_ITEM_STARTED,
    AGENDA_ITEM_PAUSED,
    AGENDA_ITEM_FINISHED,
    AGENDA_RUNS_RESTORED,
    FOCUS_SET,
)
RANK_LIMIT = 2**40
"""Far beyond any meeting (a million clicks), far below what the database and JSON hold."""

RESTORABLE_FIELDS = ("state", "elapsed_ms", "running_since_ms", "finished_ms", "overrun_ms")


@dataclass(frozen=True)
class TimerAction:
    """One start, pause, finish, undo or focus move as the replay needs it; ``at_ms`` is its
    corrected device time."""

    event_id: str
    rank: int
    at_ms: int
    hlc: int
    type: str
    payload: Mapping[str, Any]

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.rank, self.at_ms if self.rank else self.hlc, self.hlc, self.event_id)


def causal_order(actions: Iterable[TimerAction]) -> list[TimerAction]:
    return sorted(actions, key=lambda action: action.sort_key)


def next_rank(highest_seen: int | None) -> int:
    """The rank of a new action on a desk whose highest known rank is ``highest_seen``."""
    return min(RANK_LIMIT, (highest_seen or 0) + 1)


def replay_runs(
    ordered: Sequence[TimerAction], runs: dict[str, dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """Item id → its run (state, elapsed, running since, started, finished, overrun), from
    ``runs`` as they were before the first action (none by default)."""
    runs = {} if runs is None else runs
    running = {item_id for item_id, run in runs.items() if run["state"] == "running"}

    def run_of(item_id: str) -> dict[str, Any]:
        return runs.setdefault(
            item_id,
            {
                "state": "pending",
                "elapsed_ms": 0,
                "running_since_ms": None,
                "started_ms": None,
                "finished_ms": None,
                "overrun_ms": None,
            },
        )

    for action in ordered:
        payload = action.payload
        if action.type == FOCUS_SET:
            continue
        if action.type == AGENDA_RUNS_RESTORED:
            for saved in payload["runs"]:
                run = run_of(saved["item_id"])
                run.update({name: saved[name] for name in RESTORABLE_FIELDS if name in saved})
                if run["state"] == "running":
                    running.add(saved["item_id"])
                else:
                    running.discard(saved["item_id"])
            continue
        item_id = payload["item_id"]
        if action.type == AGENDA_ITEM_STARTED:
            for other_id in sorted(running - {item_id}):
                _stop(runs[other_id], action.at_ms)["state"] = "paused"
            running &= {item_id}
            run = run_of(item_id)
            if run["state"] != "running":
                run.update(
                    state="running",
                    running_since_ms=action.at_ms,
                    finished_ms=None,
                    overrun_ms=None,
                )
                if run["started_ms"] is None:
                    run["started_ms"] = action.at_ms
            running.add(item_id)
        elif action.type == AGENDA_ITEM_PAUSED:
            run = run_of(item_id)
            if run["state"] == "running":
                _stop(run, action.at_ms)["state"] = "paused"
            running.discard(item_id)
        elif action.type == AGENDA_ITEM_FINISHED:
            run = _stop(run_of(item_id), action.at_ms)
            run.update(
                state="done",
                finished_ms=action.at_ms,
                overrun_ms=max(0, run["elapsed_ms"] - int(payload["planned_ms"])),
            )
            running.discard(item_id)
    return runs


def _stop(run: dict[str, Any], at_ms: int) -> dict[str, Any]:
    """Bank the running time (a clock set back never makes elapsed time go negative)."""
    if run["state"] == "running" and run["running_since_ms"] is not None:
        run["elapsed_ms"] += max(0, at_ms - run["running_since_ms"])
    run["running_since_ms"] = None
    return run


@dataclass(frozen=True)
class Focus:
    """What the meeting is on: the current agenda item and question."""

    item_id: str | None = None
    question_id: str | None = None


def replay_focus(ordered: Sequence[TimerAction]) -> Focus | None:
    """Where the actions leave the focus (None when none of them moves it)."""
    focus: Focus | None = None
    for action in ordered:
        payload, current = action.payload, focus or Focus()
        if action.type == AGENDA_ITEM_STARTED:
            focus = Focus(payload["item_id"], current.question_id)
        elif action.type == AGENDA_RUNS_RESTORED:
            focus = Focus(payload.get("focus_item_id"), current.question_id)
        elif action.type == FOCUS_SET:
            focus = Focus(
                payload.get("item_id", current.item_id),
                payload.get("question_id", current.question_id),
            )
    return focus
