"""What a mutating service call returns: what changed, and how to undo and redo it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from civodesk.services import Services


@dataclass(frozen=True)
class SetMeetingFields:
    meeting_id: str
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class SetMeetingStatus:
    meeting_id: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class SetAgendaItemFields:
    meeting_id: str
    item_id: str
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class SetParticipantFields:
    meeting_id: str
    participant_id: str
    changes: Mapping[str, Any]


class RunnableCommand(Protocol):
    """A command declared beside the service that carries it out, which it names (``run``)."""

    @property
    def meeting_id(self) -> str: ...

    def run(self, services: Services) -> ChangeSet: ...


Command = (
    SetMeetingFields
    | SetMeetingStatus
    | SetAgendaItemFields
    | SetParticipantFields
    | RunnableCommand
)
"""A change expressed as data, so undo and redo can replay it through the services."""


@dataclass(frozen=True)
class ChangeSet:
    """The result of a mutation. ``topics`` says which views need refreshing."""

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


def touched(**ids: Iterable[str]) -> Mapping[str, frozenset[str]]:
    """``changed`` for a ``ChangeSet``: ``touched(ideas=[idea_id])``."""
    return {topic: frozenset(values) for topic, values in ids.items()}
