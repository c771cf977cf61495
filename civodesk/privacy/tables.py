"""The record of each purge of a meeting's personal data (rebuilt from the journal)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class PersonalDataPurge(Base):
    """A meeting whose names and contacts were erased; kept so the purge is never forgotten."""

    __tablename__ = "personal_data_purges"

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    event_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    device_time_ms: Mapped[int] = mapped_column(BigInteger)
    participants_erased: Mapped[int] = mapped_column(Integer)


class ParticipantErasure(Base):
    """A person who asked to be forgotten; their personal data arriving later is erased too."""

    __tablename__ = "participant_erasures"

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    participant_id: Mapped[str] = mapped_column(ID, primary_key=True)
    event_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    device_time_ms: Mapped[int] = mapped_column(BigInteger)
