"""What a mutating service call returns: what changed (topics and ids), and how to undo and redo it.

A ``ChangeSet`` is what travels down the change pipeline: the writer publishes it on the change bus
right after its transaction committed, and each view refreshes only what it names. ``topics`` say
which kinds of thing changed; ``changed`` gives, per topic, the ids touched, so a view of 20,000
rows updates those rows instead of reloading. A topic without ids means "reload what it covers".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from civodesk.services import Services


class Command(Protocol):
    """A change expressed as data, so undo and redo can replay it through the services.

    Each kind of command is a frozen dataclass declared beside the service that carries it out,
    and knows which one that is (``run``): adding a kind edits no central list or dispatch.
    """

    @property
    def meeting_id(self) -> str: ...

    def run(self, services: Services) -> ChangeSet: ...


def touched(**ids: Iterable[str]) -> Mapping[str, frozenset[str]]:
    """``changed`` for a ``ChangeSet``: ``touched(attendance=[participant_id])``."""
    return {topic: frozenset(values) for topic, values in ids.items()}


@dataclass(frozen=True)
class ChangeSet:
    """The result of a mutation. ``topics`` says which views need refreshing, ``changed`` which
    rows (topics named in ``changed`` are added to ``topics``)."""

    meeting_id: str
    label: str
    topics: frozenset[str]
    event_count: int
    undo: Command | None = None
    redo: Command | None = None
    created_ids: tuple[str, ...] = field(default_factory=tuple)
    changed: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.changed.keys() <= self.topics:
            object.__setattr__(self, "topics", self.topics | frozenset(self.changed))

    @property
    def undoable(self) -> bool:
        return self.undo is not None and self.redo is not None

    def ids(self, *topics: str) -> frozenset[str]:
        """The ids touched under any of ``topics``."""
        return frozenset().union(*(self.changed.get(topic, frozenset()) for topic in topics))

    def knows_ids(self, *topics: str) -> bool:
        """True when every one of ``topics`` this change touched names its ids (else: reload)."""
        return all(topic in self.changed for topic in topics if topic in self.topics)
