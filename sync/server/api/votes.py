"""``GET /v1/meetings/{id}/votes``: a synced meeting's votes and their results, counted by
``civodesk.voting`` from the projected journal, exactly as the desk counts them (no SQL count of
the server's own). The server holds no open ballot box: a vote still open counts what has
reached it (public marks, tallies, sealed boxes) and says so with ``live``.

People appear by participant id only, and only for a public (nominative) vote; a secret vote
lists no one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import Connection, select

from civodesk.voting.handlers import votes_table
from civodesk.voting.results import vote_outcome
from civodesk.voting.vote import VoteOutcome
from sync.protocol import MEETINGS_PATH, WireModel
from sync.server.api.meetings import ONE_MEETING, JoinedMeeting
from sync.server.deps import DatabaseDep

router = APIRouter(prefix=MEETINGS_PATH, tags=["meetings"])


class NamedChoice(WireModel):
    participant_id: str
    choice: str


class VoteResultView(WireModel):
    vote_id: str
    question: str
    method: str
    secret: bool
    status: str
    """``draft``, ``open`` or ``closed``."""
    revealed: bool
    live: bool
    """True until the vote is closed: the count may still change."""
    voters: int
    """People marked "a voté" (a proxy holder's vote for someone else counts for that person)."""
    attendance: dict[str, Any]
    """Presence and quorum: recorded at the close, or as they stand for a vote not closed."""
    result: dict[str, Any]
    """``civodesk.voting.count``'s result: options, rules, tally, ranking (tiers), figures,
    details and explanation (docs/voting.md lists them per method)."""
    named: list[NamedChoice]
    """A public vote's choices by participant id; always empty for a secret vote."""
    double_votes: int
    """People accepted by two desks offline, flagged for the facilitator."""


class VoteList(WireModel):
    meeting_id: str
    votes: list[VoteResultView]
    """In the order they were set up; removed votes are left out."""


def vote_view(outcome: VoteOutcome) -> VoteResultView:
    vote = outcome.vote
    return VoteResultView(
        vote_id=vote.id,
        question=vote.question,
        method=vote.method,
        secret=vote.secret,
        status=vote.status.value,
        revealed=vote.revealed,
        live=outcome.live,
        voters=outcome.marks,
        attendance=outcome.snapshot.to_dict(),
        result=outcome.result.to_dict(),
        named=[]
        if vote.secret
        else [NamedChoice(participant_id=n.participant_id, choice=n.choice) for n in outcome.named],
        double_votes=len(outcome.doubles),
    )


def meeting_votes(conn: Connection, meeting_id: str) -> VoteList:
    return VoteList(meeting_id=meeting_id, votes=[vote_view(o) for o in outcomes(conn, meeting_id)])


def outcomes(conn: Connection, meeting_id: str) -> list[VoteOutcome]:
    ids = conn.execute(
        select(votes_table.c.id)
        .where(votes_table.c.meeting_id == meeting_id, votes_table.c.removed.is_(False))
        .order_by(votes_table.c.created_hlc, votes_table.c.id)
    ).scalars()
    return [vote_outcome(conn, meeting_id, vote_id) for vote_id in list(ids)]


@router.get("/{meeting_id}/votes", response_model=VoteList, responses=ONE_MEETING)
def votes(meeting_id: JoinedMeeting, database: DatabaseDep) -> VoteList:
    """Read by the desks that take part in the meeting only, as every view of its journal."""
    with database.read() as conn:
        return meeting_votes(conn, meeting_id)
