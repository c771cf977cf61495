"""Ideas captured during a meeting, their clusters and their supports (rebuilt from the journal)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Idea(Base):
    """An idea captured during the meeting (from the floor or a post-it).

    Every field below ``source`` is last-writer-wins (``stamps``), so edits from two desks converge
    and concurrent ones are flagged. ``merged_into`` points at the idea that absorbed this one; the
    original stays, shown inside it. ``supports`` caches the idea's own count (see ``IdeaSupport``).
    """

    __tablename__ = "ideas"
    __table_args__ = (
        Index("ix_ideas_meeting", "meeting_id", "captured_hlc"),
        Index("ix_ideas_cluster", "meeting_id", "cluster_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    question_id: Mapped[str | None] = mapped_column(ID)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[str | None] = mapped_column(ID)
    tags: Mapped[str] = mapped_column(Text, default="[]")
    colour: Mapped[str | None] = mapped_column(String(16))
    cluster_id: Mapped[str | None] = mapped_column(ID)
    cluster_position: Mapped[float] = mapped_column(Float, default=0.0)
    merged_into: Mapped[str | None] = mapped_column(ID)
    merged_from: Mapped[str] = mapped_column(Text, default="[]")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    supports: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    captured_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


class IdeaCluster(Base):
    """A named group of ideas on the wall, ordered by ``position``."""

    __tablename__ = "idea_clusters"
    __table_args__ = (Index("ix_idea_clusters_meeting", "meeting_id", "position"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[float] = mapped_column(Float)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


class IdeaSupport(Base):
    """One support event: "+n" from the floor, or a count set from a show of hands.

    An idea's count is the latest ``set`` (by stamp) plus every ``add`` stamped after it: the same
    on every desk whatever order the events arrive in, and two "+1" made offline both count.
    """

    __tablename__ = "idea_supports"
    __table_args__ = (Index("ix_idea_supports_idea", "meeting_id", "idea_id"),)

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"))
    idea_id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(Integer)
    stamp: Mapped[str] = mapped_column(String(64))
