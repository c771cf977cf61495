"""Tables of meetings: the organizer, the meeting and its agenda (rebuilt from the journal)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    title: Mapped[str] = mapped_column(String(300))
    place: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[str] = mapped_column(String(32))
    ends_at: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    facilitators: Mapped[str] = mapped_column(Text)
    quorum_percent: Mapped[float | None] = mapped_column(Float)
    president: Mapped[str] = mapped_column(String(200), server_default="")
    secretaries: Mapped[str] = mapped_column(Text, server_default="[]")
    proxy_limit: Mapped[int] = mapped_column(Integer, server_default="1")
    badge_margin_days: Mapped[int] = mapped_column(Integer, server_default="1")
    status: Mapped[str] = mapped_column(String(16))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_hlc: Mapped[int] = mapped_column(BigInteger)
    updated_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_meeting", "meeting_id", "position"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    position: Mapped[float] = mapped_column(Float)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)
