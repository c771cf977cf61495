"""The shared tables and the one ``Base`` every feature's tables are declared on.

``events`` is the journal; every other table is a projection rebuilt from it. Each feature declares
its own tables beside its event handlers (``civodesk/meetings/tables.py``…); the ones here belong to
the shared machinery: the journal, device keys, and the edit history and conflicts of LWW fields.

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
