"""Undo and redo of idea actions, as data replayed through ``IdeaService``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from civodesk.changes import ChangeSet

if TYPE_CHECKING:
    from civodesk.services import Services

FieldChanges = tuple[tuple[str, Mapping[str, Any]], ...]
"""(id, {field: value}) pairs, applied in order."""


@dataclass(frozen=True)
class SetIdeaWallFields:
    """Set fields of ideas and clusters at once (one undo step for a move, a merge, a split…)."""

    meeting_id: str
    label: str
    ideas: FieldChanges = ()
    clusters: FieldChanges = ()

    def run(self, services: Services) -> ChangeSet:
        return services.ideas.set_wall_fields(self)


@dataclass(frozen=True)
class AddSupports:
    meeting_id: str
    idea_id: str
    amount: int

    def run(self, services: Services) -> ChangeSet:
        return services.ideas.support(self.meeting_id, self.idea_id, self.amount)


@dataclass(frozen=True)
class SetSupportCount:
    meeting_id: str
    idea_id: str
    count: int

    def run(self, services: Services) -> ChangeSet:
        return services.ideas.set_support_count(self.meeting_id, self.idea_id, self.count)
