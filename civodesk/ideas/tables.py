"""Ideas captured during a meeting (rebuilt from the journal)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Idea(Base):
    """An idea captured during the meeting (from the floor or a post-it)."""

    __tablename__ = "ideas"
    __table_args__ = (Index("ix_ideas_meeting", "meeting_id", "captured_hlc"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ID)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    captured_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)
