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

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from civodesk.facilitation.agenda_run import TimerLevel
from civodesk.ideas.idea import IdeaView
from civodesk.projector.word_cloud import CloudWord
from civodesk.voting.display import VoteDisplay
from civodesk.voting.vote import VoteStatus

CARD_TEXT_LIMIT = 280


class ProjectorMode(StrEnum):
    WELCOME = "welcome"
    QUESTION = "question"
    WALL = "wall"
    TIMER = "timer"
    WORD_CLOUD = "word_cloud"
    RESULTS = "results"
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
    cluster_id: str | None = None


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
class ResultsSlide:
    """The vote the room follows: the one opened or revealed last (``question`` None: no vote yet).

    ``display`` is None while the result is hidden (not revealed, and not set to show live). It
    holds option labels and figures only: never a voter's name, even for a public vote.
    """

    question: str | None
    status: VoteStatus | None
    display: VoteDisplay | None


@dataclass(frozen=True)
class BlankSlide:
    pass


Slide = (
    WelcomeSlide
    | QuestionSlide
    | WallSlide
    | TimerSlide
    | WordCloudSlide
    | ResultsSlide
    | BlankSlide
)


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
        cluster_id=idea.cluster_id,
    )


def patch_wall(slide: WallSlide, cards: Mapping[str, WallCard | None]) -> WallSlide | None:
    """The wall after a change to some ideas, without reading the others again.

    ``cards`` maps each changed idea to its card now (None: no longer shown). A card that stays
    in its column is replaced in place, a new one joins the end of its column; None when the
    change moves cards between columns or needs a column the wall does not have (read it all).
    """
    changed = set(cards)
    where = {
        card.id: column.cluster_id
        for column in slide.columns
        for card in column.cards
        if card.id in changed
    }
    new: dict[str | None, list[WallCard]] = {}
    for idea_id, card in cards.items():
        if card is None:
            continue
        if idea_id in where:
            if where[idea_id] != card.cluster_id:
                return None
        else:
            new.setdefault(card.cluster_id, []).append(card)
    touched_columns = set(where.values()) | set(new)
    columns = []
    for column in slide.columns:
        if column.cluster_id not in touched_columns:
            columns.append(column)  # the same object: the projector repaints it from its cache
            continue
        kept = [cards.get(card.id, card) for card in column.cards]
        columns.append(
            replace(
                column,
                cards=tuple(c for c in kept if c is not None)
                + tuple(new.pop(column.cluster_id, [])),
            )
        )
    if set(new) - {None}:
        return None
    if None in new:
        columns.append(WallColumn(None, None, tuple(new.pop(None))))
    shown = tuple(column for column in columns if column.cards)
    return replace(slide, columns=shown, idea_count=sum(len(column.cards) for column in shown))
