"""Undo and redo of agenda-running actions, replayed through ``FacilitationService``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from civodesk.changes import ChangeSet

if TYPE_CHECKING:
    from civodesk.services import Services


@dataclass(frozen=True)
class RestoreRuns:
    """Put item runs (and the current item) back as a snapshot says: undo of start/pause/next."""

    meeting_id: str
    label: str
    runs: tuple[Mapping[str, Any], ...]
    focus_item_id: str | None

    def run(self, services: Services) -> ChangeSet:
        return services.facilitation.restore_runs(self)


@dataclass(frozen=True)
class SetNotes:
    meeting_id: str
    item_id: str
    notes: str

    def run(self, services: Services) -> ChangeSet:
        return services.facilitation.set_notes(self.meeting_id, self.item_id, self.notes)


@dataclass(frozen=True)
class SetQuestionState:
    meeting_id: str
    question_id: str
    removed: bool
    focus_question_id: str | None

    def run(self, services: Services) -> ChangeSet:
        return services.facilitation.set_question_state(self)


@dataclass(frozen=True)
class SetDecisionFields:
    meeting_id: str
    decision_id: str
    changes: Mapping[str, Any]

    def run(self, services: Services) -> ChangeSet:
        return services.facilitation.set_decision_fields(self)
