"""The tables. ``events`` is the journal; every other table is a projection rebuilt from it.

Projection rows of editable entities keep ``stamps``: for each field, the stamp (HLC + device) of the
edit that set it. A field takes an edit's value only when the edit's stamp is larger, so the result
is the same whatever order the events arrive in. ``version`` is the id of the newest edit: an edit
names the version it was based on, which is how concurrent edits are found.

The same tables exist on the central server (PostgreSQL), so only portable types are used.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)
HASH = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("meeting_id", "device_id", "seq", name="uq_events_stream_seq"),
        Index("ix_events_meeting_hlc", "meeting_id", "hlc"),
        Index("ix_events_hlc", "hlc"),
    )

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(Integer)
    device_time_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    personal: Mapped[str | None] = mapped_column(Text)
    personal_digest: Mapped[str | None] = mapped_column(HASH)
    prev_hash: Mapped[str] = mapped_column(HASH)
    hash: Mapped[str] = mapped_column(HASH)


class DeviceKey(Base):
    """Public keys of the devices that wrote to a meeting (projection of ``device.joined``)."""

    __tablename__ = "device_keys"

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))


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
    consent_purpose: Mapped[str | None] = mapped_column(String(300))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_hlc: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(ID)
    stamps: Mapped[str] = mapped_column(Text)


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


class EntityEdit(Base):
    """Every creation and edit of an editable entity, kept to detect concurrent edits."""

    __tablename__ = "entity_edits"
    __table_args__ = (Index("ix_entity_edits_entity", "entity_type", "entity_id"),)

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(ID)
    base: Mapped[str | None] = mapped_column(ID)
    changes: Mapped[str] = mapped_column(Text)
    stamp: Mapped[str] = mapped_column(String(64))


class Conflict(Base):
    """Two concurrent edits of the same field: one won by rule, the other is kept for review."""

    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_meeting", "meeting_id"),)

    id: Mapped[str] = mapped_column(HASH, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(ID)
    field: Mapped[str] = mapped_column(String(64))
    winner_event_id: Mapped[str] = mapped_column(ID)
    loser_event_id: Mapped[str] = mapped_column(ID)
    winner_value: Mapped[str] = mapped_column(Text)
    loser_value: Mapped[str] = mapped_column(Text)
    resolved_event_id: Mapped[str | None] = mapped_column(ID)


def table_of(model: type[Base]) -> Table:
    """The Core ``Table`` of a model, typed as such (services and projections use Core)."""
    return cast(Table, model.__table__)
