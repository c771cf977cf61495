"""What the projector can show, as plain data, and the rules that keep it fit for a public screen.

The projector is seen by the whole room, so these rules hold whatever the facilitator picks:
- an anonymous idea never shows an author; a named one shows only « Prénom N. », and only when
  the facilitator chose to credit authors;
- no personal data: no contact, commune, age bracket or badge ever reaches a slide, and a person
  whose data was erased is never named;
- withdrawn ideas never appear; merged originals appear only as a count inside the merged idea;
- long texts are shortened for display (the stored idea is untouched).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civodesk.facilitation.agenda_run import TimerLevel
from civodesk.ideas.idea import IdeaView
from civodesk.projector.word_cloud import CloudWord

CARD_TEXT_LIMIT = 280


class ProjectorMode(StrEnum):
    WELCOME = "welcome"
    QUESTION = "question"
    WALL = "wall"
    TIMER = "timer"
    WORD_CLOUD = "word_cloud"
    BLANK = "blank"


@dataclass(frozen=True)
class WelcomeSlide:
    title: str
    organization: str
    place: str
    present_count: int


@dataclass(frozen=True)
class QuestionSlide:
    item_title: str | None
    question: str | None


@dataclass(frozen=True)
class WallCard:
    id: str
    text: str
    shortened: bool
    supports: int
    author: str | None
    colour: str | None
    merged_count: int


@dataclass(frozen=True)
class WallColumn:
    cluster_id: str | None
    name: str | None  # None: ideas not yet grouped
    cards: tuple[WallCard, ...]


@dataclass(frozen=True)
class WallSlide:
    item_title: str | None
    columns: tuple[WallColumn, ...]
    idea_count: int


@dataclass(frozen=True)
class TimerSlide:
    item_title: str | None
    planned_ms: int
    elapsed_ms: int
    remaining_ms: int
    level: TimerLevel
    running: bool


@dataclass(frozen=True)
class WordCloudSlide:
    item_title: str | None
    words: tuple[CloudWord, ...]


@dataclass(frozen=True)
class BlankSlide:
    pass


Slide = WelcomeSlide | QuestionSlide | WallSlide | TimerSlide | WordCloudSlide | BlankSlide
"""Vote results (issue 12) will be one more slide type here, built from the counting results."""


def shorten(text: str, limit: int = CARD_TEXT_LIMIT) -> tuple[str, bool]:
    """At most ``limit`` characters, cut at a word boundary when one is near, with « … »."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat, False
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…", True


def wall_card(idea: IdeaView, credit_authors: bool) -> WallCard | None:
    """The card the projector may show for ``idea``, or None when it must not appear at all."""
    if idea.withdrawn or idea.merged_into is not None:
        return None
    text, shortened = shorten(idea.text)
    author = idea.author_name if credit_authors and not idea.anonymous else None
    return WallCard(
        id=idea.id,
        text=text,
        shortened=shortened,
        supports=idea.supports,
        author=author,
        colour=idea.colour,
        merged_count=len(idea.merged_from),
    )
