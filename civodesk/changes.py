"""What a mutating service call returns: what changed, and how to undo and redo it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True)
class SetManyParticipantFields:
    """Several participants at once, in one transaction: undoing or redoing a list import.

    ``destructive`` says the step removes people, so the interface asks before running it.
    """

    meeting_id: str
    changes: tuple[tuple[str, Mapping[str, Any]], ...]
    label: str
    destructive: bool = False


Command = (
    SetMeetingFields
    | SetMeetingStatus
    | SetAgendaItemFields
    | SetParticipantFields
    | SetManyParticipantFields
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

    @property
    def undoable(self) -> bool:
        return self.undo is not None and self.redo is not None
