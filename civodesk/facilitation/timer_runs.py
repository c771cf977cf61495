"""The agenda timer as a function of all its actions, whatever order they arrived in (pure).

Desks start, pause and finish items on their own clocks, offline, and learn of each other's
actions late and in any order; a rebuild replays the journal in clock order, which the clock's
bound does not keep causal (``civodesk.journal.hlc``). A timer run is a state machine, so the
order its actions are applied in decides the result. Each run is therefore recomputed from every
action of its meeting in one order that depends only on the actions themselves:

- an action comes after the action its desk had last seen (``after``, the timer's head when the
  facilitator clicked) and after its own desk's earlier actions;
- actions that did not see each other are taken by corrected time, then clock, then id.

The order is causal whatever the clocks say, and two holders of the same actions compute the
same runs.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

AGENDA_ITEM_STARTED = "agenda_item.started"
AGENDA_ITEM_PAUSED = "agenda_item.paused"
AGENDA_ITEM_FINISHED = "agenda_item.finished"
AGENDA_RUNS_RESTORED = "agenda_item.runs_restored"
TIMER_EVENT_TYPES = (
    AGENDA_ITEM_STARTED,
    AGENDA_ITEM_PAUSED,
    AGENDA_ITEM_FINISHED,
    AGENDA_RUNS_RESTORED,
)

RESTORABLE_FIELDS = ("state", "elapsed_ms", "running_since_ms", "finished_ms", "overrun_ms")


@dataclass(frozen=True)
class TimerAction:
    """One timer event as the replay needs it; ``at_ms`` is its corrected device time."""

    event_id: str
    device_id: str
    seq: int
    at_ms: int
    hlc: int
    type: str
    payload: Mapping[str, Any]

    @property
    def after(self) -> str | None:
        value = self.payload.get("after")
        return value if isinstance(value, str) else None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.at_ms, self.hlc, self.event_id)


def causal_order(actions: Iterable[TimerAction]) -> list[TimerAction]:
    """Every action after the ones it saw, the rest by (corrected time, clock, id).

    A dependency on an action not held yet is ignored until it arrives. A cycle (only a forged
    ``after`` can make one) is broken at its smallest action, so every holder still agrees.
    """
    by_id = {action.event_id: action for action in actions}
    waits_on: dict[str, set[str]] = {event_id: set() for event_id in by_id}
    for stream in _streams(by_id.values()).values():
        for earlier, later in pairwise(stream):
            waits_on[later.event_id].add(earlier.event_id)
    for action in by_id.values():
        if action.after in by_id and action.after != action.event_id:
            waits_on[action.event_id].add(action.after)
    unblocks: dict[str, list[str]] = defaultdict(list)
    for event_id, needed in waits_on.items():
        for other in needed:
            unblocks[other].append(event_id)
    ready = [by_id[event_id].sort_key for event_id, needed in waits_on.items() if not needed]
    heapq.heapify(ready)
    ordered: list[TimerAction] = []
    done: set[str] = set()
    while len(ordered) < len(by_id):
        if not ready:  # a cycle: take its smallest action
            smallest = min(by_id[event_id].sort_key for event_id in by_id if event_id not in done)
            ready.append(smallest)
        _at, _hlc, event_id = heapq.heappop(ready)
        if event_id in done:
            continue
        done.add(event_id)
        ordered.append(by_id[event_id])
        for waiting in unblocks[event_id]:
            needed = waits_on[waiting]
            needed.discard(event_id)
            if not needed and waiting not in done:
                heapq.heappush(ready, by_id[waiting].sort_key)
    return ordered


def _streams(actions: Iterable[TimerAction]) -> dict[str, list[TimerAction]]:
    streams: dict[str, list[TimerAction]] = defaultdict(list)
    for action in actions:
        streams[action.device_id].append(action)
    for stream in streams.values():
        stream.sort(key=lambda action: action.seq)
    return streams


def replay_runs(ordered: Sequence[TimerAction]) -> dict[str, dict[str, Any]]:
    """Item id → its run (state, elapsed, running since, started, finished, overrun)."""
    runs: dict[str, dict[str, Any]] = {}

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
        if action.type == AGENDA_RUNS_RESTORED:
            for saved in payload["runs"]:
                run = run_of(saved["item_id"])
                run.update({name: saved[name] for name in RESTORABLE_FIELDS if name in saved})
            continue
        item_id = payload["item_id"]
        if action.type == AGENDA_ITEM_STARTED:
            for other_id, other in runs.items():
                if other_id != item_id and other["state"] == "running":
                    _stop(other, action.at_ms)["state"] = "paused"
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
        elif action.type == AGENDA_ITEM_PAUSED:
            run = run_of(item_id)
            if run["state"] == "running":
                _stop(run, action.at_ms)["state"] = "paused"
        elif action.type == AGENDA_ITEM_FINISHED:
            run = _stop(run_of(item_id), action.at_ms)
            run.update(
                state="done",
                finished_ms=action.at_ms,
                overrun_ms=max(0, run["elapsed_ms"] - int(payload["planned_ms"])),
            )
    return runs


def _stop(run: dict[str, Any], at_ms: int) -> dict[str, Any]:
    """Bank the running time (a clock set back never makes elapsed time go negative)."""
    if run["state"] == "running" and run["running_since_ms"] is not None:
        run["elapsed_ms"] += max(0, at_ms - run["running_since_ms"])
    run["running_since_ms"] = None
    return run
