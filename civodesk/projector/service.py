"""Builds projector slides from the meeting, its attendance, the agenda runner and the ideas."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from civodesk.checkin.handlers import attendance_table
from civodesk.db.database import Database
from civodesk.facilitation.agenda_run import AgendaBoard, RunState, TimerLevel, read_timer
from civodesk.facilitation.service import read_board
from civodesk.ideas.idea import IdeaView
from civodesk.ideas.reading import read_clusters, read_ideas
from civodesk.meetings.guards import MeetingNotFoundError
from civodesk.meetings.handlers import meetings, organizations
from civodesk.projector.slides import (
    BlankSlide,
    ProjectorMode,
    QuestionSlide,
    ResultsSlide,
    Slide,
    TimerSlide,
    WallCard,
    WallColumn,
    WallSlide,
    WelcomeSlide,
    WordCloudSlide,
    wall_card,
)
from civodesk.projector.word_cloud import word_cloud
from civodesk.voting.display import projector_display
from civodesk.voting.handlers import votes_table
from civodesk.voting.results import vote_outcome
from civodesk.voting.vote import VoteStatus


class ProjectorService:
    def __init__(self, database: Database, device_id: str) -> None:
        self._db = database
        self._device_id = device_id  # timers are read on this clock, moved onto the runs' one

    def slide(
        self, meeting_id: str, mode: ProjectorMode, now_ms: int, credit_authors: bool = False
    ) -> Slide:
        if mode == ProjectorMode.BLANK:
            return BlankSlide()
        if mode == ProjectorMode.WELCOME:
            return self.welcome(meeting_id)
        if mode == ProjectorMode.RESULTS:
            return self.results(meeting_id)
        with self._db.read() as conn:
            board = read_board(conn, meeting_id, self._device_id)
            ideas = read_ideas(conn, meeting_id) if mode in _IDEA_MODES else []
            clusters = read_clusters(conn, meeting_id) if mode == ProjectorMode.WALL else []
        current = board.current_item
        title = current.title if current else None
        if mode == ProjectorMode.QUESTION:
            question = board.current_question
            return QuestionSlide(title, question.text if question else None)
        if mode == ProjectorMode.TIMER:
            if current is None:
                return TimerSlide(None, 0, 0, 0, TimerLevel.NORMAL, False)
            reading = read_timer(current, now_ms + board.clock_offset_ms)
            return TimerSlide(
                title,
                current.planned_ms,
                reading.elapsed_ms,
                reading.remaining_ms,
                reading.level,
                current.state == RunState.RUNNING,
            )
        shown = _current_ideas(ideas, board)
        if mode == ProjectorMode.WORD_CLOUD:
            return WordCloudSlide(title, word_cloud(idea.text for idea in shown))
        cards = [card for idea in shown if (card := wall_card(idea, credit_authors)) is not None]
        columns = [
            WallColumn(cluster.id, cluster.name, _ordered(cards, shown, cluster.id))
            for cluster in clusters
        ]
        loose = _ordered(cards, shown, None)
        if loose:
            columns.append(WallColumn(None, None, loose))
        return WallSlide(title, tuple(c for c in columns if c.cards), len(cards))

    def cards(
        self, meeting_id: str, idea_ids: Sequence[str], credit_authors: bool = False
    ) -> dict[str, WallCard | None]:
        """The cards of those ideas as they are now (None: no longer shown): live wall updates."""
        wanted = set(idea_ids)
        with self._db.read() as conn:
            ideas = [idea for idea in read_ideas(conn, meeting_id, wanted) if idea.id in wanted]
        found = {idea.id: wall_card(idea, credit_authors) for idea in ideas}
        return {idea_id: found.get(idea_id) for idea_id in idea_ids}

    def results(self, meeting_id: str) -> ResultsSlide:
        """The result of the vote opened or revealed last, or only its question while hidden.

        Revealing a vote on the Votes page is how the facilitator picks it for this slide."""
        with self._db.read() as conn:
            rows = conn.execute(
                select(
                    votes_table.c.id,
                    votes_table.c.revealed,
                    votes_table.c.revealed_hlc,
                    votes_table.c.opened_hlc,
                ).where(
                    votes_table.c.meeting_id == meeting_id,
                    votes_table.c.removed.is_(False),
                    votes_table.c.status != VoteStatus.DRAFT.value,
                )
            ).all()
            if not rows:
                return ResultsSlide(None, None, None)
            latest = max(
                rows,
                key=lambda row: (
                    max(row.opened_hlc or 0, (row.revealed_hlc or 0) if row.revealed else 0),
                    row.id,
                ),
            )
            outcome = vote_outcome(conn, meeting_id, latest.id)
        return ResultsSlide(outcome.vote.question, outcome.vote.status, projector_display(outcome))

    def welcome(self, meeting_id: str) -> WelcomeSlide:
        with self._db.read() as conn:
            row = conn.execute(
                select(meetings.c.title, meetings.c.place, organizations.c.name)
                .join(organizations, organizations.c.id == meetings.c.organization_id)
                .where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
            ).one_or_none()
            if row is None:
                raise MeetingNotFoundError(meeting_id)
            present = conn.execute(
                select(func.count()).where(
                    attendance_table.c.meeting_id == meeting_id,
                    attendance_table.c.present.is_(True),
                )
            ).scalar_one()
        return WelcomeSlide(row.title, row.name, row.place, int(present))


_IDEA_MODES = frozenset({ProjectorMode.WALL, ProjectorMode.WORD_CLOUD})


def _current_ideas(ideas: Sequence[IdeaView], board: AgendaBoard) -> list[IdeaView]:
    """The ideas of the current item (all ideas when no item is running), shown on the wall."""
    shown = [idea for idea in ideas if not idea.withdrawn and idea.merged_into is None]
    if board.current_item_id is None:
        return shown
    return [idea for idea in shown if idea.agenda_item_id in (None, board.current_item_id)]


def _ordered(
    cards: Sequence[WallCard], ideas: Sequence[IdeaView], cluster_id: str | None
) -> tuple[WallCard, ...]:
    position = {idea.id: (idea.cluster_position, index) for index, idea in enumerate(ideas)}
    cluster_of = {idea.id: idea.cluster_id for idea in ideas}
    return tuple(
        sorted(
            (card for card in cards if cluster_of[card.id] == cluster_id),
            key=lambda card: position[card.id],
        )
    )
