"""The registration list of each meeting (rebuilt from the journal; a purge erases its names)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (Index("ix_participants_meeting_name", "meeting_id", "last_name"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    commune: Mapped[str | None] = mapped_column(String(200))
    neighbourhood: Mapped[str | None] = mapped_column(String(200))
    age_bracket: Mapped[str | None] = mapped_column(String(40))
    search_name: Mapped[str | None] = mapped_column(String(400))  # accent/case-folded name
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    """Whether the person consented (yes/no, journaled); ``consent_purpose`` says to what."""
    consent_purpose: Mapped[str | None] = mapped_column(String(300))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)
