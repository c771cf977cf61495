"""Projection tables of the check-in desk: badges, scans, attendance, proxies.

They are rebuilt from the journal like every other projection (see ``civodesk.checkin.handlers``)
and hold no personal data: names stay in ``participants``, where a purge erases them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base


class Badge(Base):
    """A badge issued to a participant; (device, serial) tells reissued badges of one person apart.

    When two desks reissue a badge for the same person while apart, both badges stay unrevoked;
    the one issued last (highest HLC stamp, device id breaking ties) admits, the other is refused
    as replaced (``CheckinService``).
    """

    __tablename__ = "badges"
    __table_args__ = (
        Index("ix_badges_code", "meeting_id", "manual_code"),
        Index("ix_badges_participant", "meeting_id", "participant_id"),
    )

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    participant_id: Mapped[str] = mapped_column(ID, primary_key=True)
    serial: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(200))
    manual_code: Mapped[str] = mapped_column(String(8))
    key_id: Mapped[str] = mapped_column(String(16))
    issued_on: Mapped[str] = mapped_column(String(10))
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    """The issuing device: serials are numbered per device, so two desks reissuing a badge for the
    same person offline never pick the same key."""
    issued_hlc: Mapped[int] = mapped_column(BigInteger)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Scan(Base):
    """Every check-in attempt and check-out, accepted or refused. Duplicates are flagged here."""

    __tablename__ = "scans"
    __table_args__ = (
        Index("ix_scans_participant", "meeting_id", "participant_id", "hlc"),
        Index("ix_scans_meeting", "meeting_id", "hlc"),
    )

    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID)
    participant_id: Mapped[str | None] = mapped_column(ID)
    device_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(Integer)
    device_time_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[int] = mapped_column(BigInteger)
    direction: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(16))
    accepted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
    excerpt: Mapped[str] = mapped_column(Text)
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)


class Attendance(Base):
    """Who is in the room now, derived from the participant's scans in causal order."""

    __tablename__ = "attendance"
    __table_args__ = (Index("ix_attendance_meeting", "meeting_id", "present"),)

    participant_id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean)
    since_event_id: Mapped[str] = mapped_column(ID)
    since_device_id: Mapped[str] = mapped_column(ID)
    since_device_time_ms: Mapped[int] = mapped_column(BigInteger)
    since_hlc: Mapped[int] = mapped_column(BigInteger)


class Proxy(Base):
    """A procuration: ``holder_id`` (present) votes for ``giver_id`` (absent)."""

    __tablename__ = "proxies"
    __table_args__ = (Index("ix_proxies_meeting", "meeting_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    giver_id: Mapped[str] = mapped_column(ID)
    holder_id: Mapped[str] = mapped_column(ID)
    granted_hlc: Mapped[int] = mapped_column(BigInteger)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
