"""The vote tables: votes, "a voté" marks, tallies, sealed boxes (projections) and the open box.

Every table but ``ballot_box`` is a projection of the journal, rebuilt like any other. The open
ballot box is not: it holds the secret ballots of this desk while a vote is open, with no
participant, no time and no insertion order (a random key in a table without rowid, so its rows
are stored and read in key order, which is random). Closing the vote seals it into one journal
event and erases it (``civodesk.voting.ballot_box``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Vote(Base):
    """A question put to the vote, its method and rules, and where it stands."""

    __tablename__ = "votes"
    __table_args__ = (Index("ix_votes_meeting", "meeting_id", "created_hlc"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    question: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(32))
    options: Mapped[str] = mapped_column(Text)
    rules: Mapped[str | None] = mapped_column(Text)
    secret: Mapped[bool] = mapped_column(Boolean)
    projector_live: Mapped[bool] = mapped_column(Boolean)
    meeting_quorum: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed_hlc: Mapped[int | None] = mapped_column(BigInteger)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_hlc: Mapped[int | None] = mapped_column(BigInteger)
    created_hlc: Mapped[int] = mapped_column(BigInteger)
    opened_hlc: Mapped[int | None] = mapped_column(BigInteger)
    closed_hlc: Mapped[int | None] = mapped_column(BigInteger)
    snapshot: Mapped[str | None] = mapped_column(Text)


class VoteMark(Base):
    """ "A voté": one per person whose vote was cast, with its origin.

    ``cast_by`` is the person who voted (a proxy holder votes for ``participant_id``). ``ballot``
    is the choice of a public (nominative) vote, and always empty for a secret one. Two marks of
    one person for one vote (two desks offline) keep the first in causal order and flag the other.
    """

    __tablename__ = "vote_marks"
    __table_args__ = (Index("ix_vote_marks_vote", "meeting_id", "vote_id", "participant_id"),)

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    vote_id: Mapped[str] = mapped_column(ID)
    participant_id: Mapped[str] = mapped_column(ID)
    cast_by: Mapped[str] = mapped_column(ID)
    origin: Mapped[str] = mapped_column(String(16))
    ballot: Mapped[str | None] = mapped_column(Text)
    device_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(BigInteger)
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)


class VoteTally(Base):
    """Counts entered by hand (show of hands, paper totals): counts, not ballots."""

    __tablename__ = "vote_tallies"
    __table_args__ = (Index("ix_vote_tallies_vote", "meeting_id", "vote_id", "origin", "hlc"),)

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    vote_id: Mapped[str] = mapped_column(ID)
    origin: Mapped[str] = mapped_column(String(16))
    counts: Mapped[str] = mapped_column(Text)
    device_id: Mapped[str] = mapped_column(ID)
    hlc: Mapped[int] = mapped_column(BigInteger)


class SealedBox(Base):
    """One desk's ballot box as sealed at the close: its ballots in canonical order."""

    __tablename__ = "vote_sealed_boxes"
    __table_args__ = (Index("ix_vote_sealed_boxes_vote", "meeting_id", "vote_id"),)

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    vote_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    ballots: Mapped[str] = mapped_column(Text)


class BallotBox(Base):
    """This desk's open ballot box: a random key and the ballot, nothing else (not a projection)."""

    __tablename__ = "ballot_box"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 (SQLAlchemy reads it once)

    box_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    vote_id: Mapped[str] = mapped_column(ID)
    ballot: Mapped[str] = mapped_column(Text)
