"""Tables of device clocks: the offsets each device journaled, and what this desk measured.

``clock_observations`` is a projection of ``device.clock_offset`` events (rebuilt from the journal,
the same on every desk and on the server): the offset a device learned from the server, at a place
in its stream. ``clock_readings`` is this desk's own, not a projection: its latest offset from the
server, and how far ahead of its clock other devices' events arrived. A rebuild never empties it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import ID, Base, table_of


class ClockObservation(Base):
    """``offset_ms`` is what to add to the device's clock to get the server's, from ``seq`` on."""

    __tablename__ = "clock_observations"

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_ms: Mapped[int] = mapped_column(BigInteger)
    rtt_ms: Mapped[int] = mapped_column(BigInteger)


class ClockReading(Base):
    """What this desk measured: ``subject`` is ``server`` (``offset_ms`` = server minus this desk)
    or a device id (``offset_ms`` = how far ahead of this desk that device's newest events came)."""

    __tablename__ = "clock_readings"

    subject: Mapped[str] = mapped_column(String(36), primary_key=True)
    offset_ms: Mapped[int] = mapped_column(BigInteger)
    rtt_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    measured_at_ms: Mapped[int] = mapped_column(BigInteger)


observations_table = table_of(ClockObservation)
readings_table = table_of(ClockReading)
