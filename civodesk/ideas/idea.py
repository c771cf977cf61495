"""Ideas as the application sees them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IdeaSource(StrEnum):
    FLOOR = "floor"
    POSTIT = "postit"


@dataclass(frozen=True)
class IdeaFields:
    text: str
    source: IdeaSource = IdeaSource.FLOOR
    agenda_item_id: str | None = None


@dataclass(frozen=True)
class IdeaView:
    id: str
    text: str
    source: IdeaSource
    agenda_item_id: str | None
