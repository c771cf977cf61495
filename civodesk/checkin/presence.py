"""Who is present, replayed from check-ins and check-outs in causal order.

Replaying a person's movements sorted by stamp (HLC, then device) gives the same answer whatever
order the events arrived in, so check-ins from two desks are simply unioned: the first check-in
admits the person, any later one while they are inside is a *duplicate* (flagged, never dropped),
and a check-out lets them in again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CHECK_IN = "in"
CHECK_OUT = "out"


@dataclass(frozen=True)
class Movement:
    event_id: str
    stamp: tuple[int, str, int]
    direction: str


@dataclass(frozen=True)
class PresenceState:
    present: bool
    since: Movement | None
    duplicates: frozenset[str]


def replay(movements: Iterable[Movement]) -> PresenceState:
    present = False
    since: Movement | None = None
    duplicates: set[str] = set()
    for movement in sorted(movements, key=lambda m: m.stamp):
        if movement.direction == CHECK_IN:
            if present:
                duplicates.add(movement.event_id)
                continue
            present, since = True, movement
        elif present:
            present, since = False, movement
    return PresenceState(present, since, frozenset(duplicates))


def present_at(movements: Iterable[Movement], participant_of: dict[str, str]) -> set[str]:
    """Participants inside after every movement up to some instant (the caller filters by time)."""
    inside: set[str] = set()
    for movement in sorted(movements, key=lambda m: m.stamp):
        person = participant_of[movement.event_id]
        if movement.direction == CHECK_IN:
            inside.add(person)
        else:
            inside.discard(person)
    return inside
