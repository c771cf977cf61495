"""Ideas as the application sees them, and the rules an idea must follow."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from civodesk.i18n import N_, _
from civodesk.meetings.meeting import FieldError, ValidationError

MAX_TEXT = 20_000
MAX_TAG_LENGTH = 50
MAX_TAGS = 20
MAX_CLUSTER_NAME = 300


class IdeaSource(StrEnum):
    FLOOR = "floor"
    POSTIT = "postit"


IDEA_COLOURS: dict[str, str] = {
    "yellow": N_("Jaune"),
    "pink": N_("Rose"),
    "blue": N_("Bleu"),
    "green": N_("Vert"),
    "orange": N_("Orange"),
    "purple": N_("Violet"),
}
"""Post-it colours an idea may take (key stored, French name shown)."""


@dataclass(frozen=True)
class IdeaFields:
    """What a person types for a new idea. No author means an anonymous idea."""

    text: str
    source: IdeaSource = IdeaSource.FLOOR
    agenda_item_id: str | None = None
    question_id: str | None = None
    author_id: str | None = None
    tags: tuple[str, ...] = ()
    colour: str | None = None
    cluster_id: str | None = None


@dataclass(frozen=True)
class IdeaView:
    id: str
    text: str
    source: IdeaSource
    agenda_item_id: str | None
    question_id: str | None = None
    author_id: str | None = None
    author_name: str | None = None
    tags: tuple[str, ...] = ()
    colour: str | None = None
    cluster_id: str | None = None
    cluster_position: float = 0.0
    merged_into: str | None = None
    merged_from: tuple[str, ...] = ()
    withdrawn: bool = False
    supports: int = 0
    own_supports: int = 0
    version: str = ""

    @property
    def anonymous(self) -> bool:
        return self.author_id is None


@dataclass(frozen=True)
class ClusterView:
    id: str
    name: str
    position: float
    agenda_item_id: str | None


@dataclass(frozen=True)
class IdeaFilter:
    """What the wall shows: every word of ``text`` must be in the idea (case and accents ignored)."""

    text: str = ""
    tag: str | None = None
    cluster_id: str | None = None
    author_id: str | None = None
    agenda_item_id: str | None = None
    include_withdrawn: bool = False
    include_merged: bool = False


@dataclass(frozen=True)
class IdeaWall:
    """The clusters of a meeting in order, and the ideas (top-level: not merged into another)."""

    clusters: tuple[ClusterView, ...]
    ideas: tuple[IdeaView, ...]
    originals: dict[str, tuple[IdeaView, ...]] = field(default_factory=dict)

    def in_cluster(self, cluster_id: str | None) -> list[IdeaView]:
        return sorted(
            (idea for idea in self.ideas if idea.cluster_id == cluster_id),
            key=lambda idea: idea.cluster_position,
        )


@dataclass(frozen=True)
class IdeaEditEntry:
    """One line of an idea's history: when, on which device, what was set."""

    event_id: str
    device_time_ms: int
    device_id: str
    changes: dict[str, object]


def clean_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags trimmed, blank ones dropped, duplicates (ignoring case) removed, order kept."""
    seen: set[str] = set()
    cleaned = []
    for tag in tags:
        text = " ".join(tag.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    return tuple(cleaned)


def validate_idea_text(text: str) -> list[FieldError]:
    if not text.strip():
        return [FieldError("text", _("Le texte de l'idée est vide."))]
    if len(text.strip()) > MAX_TEXT:
        return [
            FieldError(
                "text",
                _("L'idée dépasse {count} caractères : coupez-la en plusieurs.").format(
                    count=MAX_TEXT
                ),
            )
        ]
    return []


def validate_tags(tags: Sequence[str]) -> list[FieldError]:
    errors = []
    if len(tags) > MAX_TAGS:
        errors.append(
            FieldError("tags", _("Au plus {count} étiquettes par idée.").format(count=MAX_TAGS))
        )
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            errors.append(
                FieldError(
                    "tags",
                    _("L'étiquette « {tag}… » dépasse {count} caractères.").format(
                        tag=tag[:20], count=MAX_TAG_LENGTH
                    ),
                )
            )
    return errors


def validate_colour(colour: str | None) -> list[FieldError]:
    if colour is not None and colour not in IDEA_COLOURS:
        return [FieldError("colour", _("Couleur inconnue : {colour}").format(colour=colour))]
    return []


def validate_cluster_name(name: str) -> list[FieldError]:
    if not name.strip():
        return [FieldError("name", _("Le nom du groupe est vide."))]
    if len(name.strip()) > MAX_CLUSTER_NAME:
        return [
            FieldError(
                "name",
                _("Le nom du groupe dépasse {count} caractères.").format(count=MAX_CLUSTER_NAME),
            )
        ]
    return []


class IdeaNotFoundError(LookupError):
    def __init__(self, idea_id: str) -> None:
        super().__init__(_("Idée introuvable : {id}").format(id=idea_id))


class ClusterNotFoundError(LookupError):
    def __init__(self, cluster_id: str) -> None:
        super().__init__(_("Groupe d'idées introuvable : {id}").format(id=cluster_id))


def refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


def stored_value(name: str, value: Any) -> Any:
    """A column value as the payload carries it (tags are JSON in the table, lists in events)."""
    return json.loads(value) if name == "tags" else value
