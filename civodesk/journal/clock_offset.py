"""Device clocks: what each desk learns of its offset, and the times corrected by it.

A desk learns its offset from the server at each sync, NTP style (``ntp_offset``), and journals it
as a ``device.clock_offset`` event in each meeting stream it writes to, when it differs by more
than ``WARN_MS`` from the offset already in force there. Every desk and the server read the same
events, so they correct the same times the same way (``StreamOffsets``): an event's time plus the
offset of the latest observation before it in its stream, or, for events written before the
device's first observation, the first one after (a clock a day fast was already a day fast).

A desk also notes how far ahead of its own clock other devices' events arrive
(``record_arrivals``): the hybrid clock refuses to follow them past its bound, and a person must
hear that one of the two clocks is wrong (``clock_report``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import DeviceKey, Event, table_of
from civodesk.i18n import _
from civodesk.journal.clock_tables import observations_table, readings_table
from civodesk.journal.event import JournalEvent, make_stamp
from civodesk.journal.handlers import HandlerContext
from civodesk.journal.hlc import COUNTER_BITS

if TYPE_CHECKING:
    from civodesk.journal.store import Journal

CLOCK_OFFSET = "device.clock_offset"
WARN_MS = 2 * 60_000
"""Clocks further apart than this are worth a warning, and a new journaled observation."""
FRESH_MS = 10 * 60_000
"""An event made this recently and not ahead shows that its device's clock agrees with ours."""
SERVER = "server"
INT64_MAX = 2**63 - 1

events_table = table_of(Event)
device_keys = table_of(DeviceKey)


def ntp_offset(sent_ms: int, received_ms: int, server_ms: int) -> tuple[int, int]:
    """(offset, round trip): the server's time minus this desk's at the request's midpoint."""
    return server_ms - (sent_ms + received_ms) // 2, max(0, received_ms - sent_ms)


def record_arrivals(
    conn: Connection, events: Sequence[JournalEvent], now_ms: int, own_device_id: str
) -> None:
    """Note, per other device, how far ahead of this desk's clock its newest event arrived."""
    newest: dict[str, int] = {}
    for event in events:
        if event.device_id != own_device_id:
            newest[event.device_id] = max(
                newest.get(event.device_id, event.device_time_ms), event.device_time_ms
            )
    for device_id, device_ms in newest.items():
        ahead = device_ms - now_ms
        if ahead > WARN_MS:
            _set_reading(conn, device_id, ahead, None, now_ms)
        elif ahead >= -FRESH_MS:
            conn.execute(delete(readings_table).where(readings_table.c.subject == device_id))


def _set_reading(
    conn: Connection, subject: str, offset_ms: int, rtt_ms: int | None, now_ms: int
) -> None:
    conn.execute(delete(readings_table).where(readings_table.c.subject == subject))
    conn.execute(
        readings_table.insert().values(
            subject=subject, offset_ms=offset_ms, rtt_ms=rtt_ms, measured_at_ms=now_ms
        )
    )


def stream_offset(conn: Connection, meeting_id: str, device_id: str) -> int:
    """The offset in force at the end of a stream (0 before any observation)."""
    return _last_journaled_offset(conn, meeting_id, device_id) or 0


def _last_journaled_offset(conn: Connection, meeting_id: str, device_id: str) -> int | None:
    latest = conn.execute(
        select(observations_table.c.offset_ms)
        .where(
            observations_table.c.meeting_id == meeting_id,
            observations_table.c.device_id == device_id,
        )
        .order_by(observations_table.c.seq.desc())
        .limit(1)
    ).scalar()
    return None if latest is None else int(latest)


def reader_offset(conn: Connection, meeting_id: str, device_id: str) -> int:
    """What brings this desk's clock onto the corrected clock of a meeting's stored times: the
    offset its own next event there would be corrected by (so its own timers read exactly), or,
    for a desk that has written nothing there yet, the offset it last measured against the
    server (the best it knows of its clock)."""
    journaled = _last_journaled_offset(conn, meeting_id, device_id)
    if journaled is not None:
        return journaled
    wrote = conn.execute(
        select(events_table.c.seq)
        .where(events_table.c.meeting_id == meeting_id, events_table.c.device_id == device_id)
        .limit(1)
    ).scalar()
    if wrote is not None:
        return 0
    measured = conn.execute(
        select(readings_table.c.offset_ms).where(readings_table.c.subject == SERVER)
    ).scalar()
    return int(measured or 0)


def note_server_offset(
    conn: Connection, journal: Journal, offset_ms: int, rtt_ms: int
) -> list[str]:
    """Keep the offset measured against the server, and journal it in every meeting stream of
    this device where the offset in force differs from it by more than ``WARN_MS``.

    Returns the meetings written to (their events go up with the sync's push).
    """
    device_id = journal.device.device_id
    _set_reading(conn, SERVER, offset_ms, rtt_ms, journal.clock.now_ms())
    meetings = conn.execute(
        select(events_table.c.meeting_id).where(events_table.c.device_id == device_id).distinct()
    ).scalars()
    written = []
    for meeting_id in sorted(meetings):
        if abs(stream_offset(conn, meeting_id, device_id) - offset_ms) > WARN_MS:
            journal.append(
                conn, meeting_id, CLOCK_OFFSET, {"offset_ms": offset_ms, "rtt_ms": rtt_ms}
            )
            written.append(meeting_id)
    return written


def lww_stamp(context: HandlerContext, event: JournalEvent) -> str:
    """The stamp edits are decided by (last writer wins): the HLC with its wall part corrected by
    the offset in force at that point of the device's stream.

    Only observations before the event count, so the stamp never changes once applied, and every
    desk and the server decide alike: a desk a day fast that has synced once no longer wins every
    concurrent edit. Before its first observation a device's stamps are taken as they are.
    """
    offset = _offset_before(context, event)
    if offset is None:
        return event.stamp
    return make_stamp(max(0, event.hlc + (offset << COUNTER_BITS)), event.device_id)


def corrected_time(context: HandlerContext, event: JournalEvent) -> int:
    """An event's device time corrected as :func:`lww_stamp` corrects its stamp: by the offset
    in force before it in its stream (none before the first observation). Stored projections that
    compare times of different desks (a timer started on one and paused on another) use it."""
    return max(0, event.device_time_ms + (_offset_before(context, event) or 0))


def _offset_before(context: HandlerContext, event: JournalEvent) -> int | None:
    key = (event.meeting_id, event.device_id)
    known = context.clock_offsets.get(key)
    if known is None:
        known = [
            (row.seq, row.offset_ms)
            for row in context.conn.execute(
                select(observations_table.c.seq, observations_table.c.offset_ms)
                .where(
                    observations_table.c.meeting_id == event.meeting_id,
                    observations_table.c.device_id == event.device_id,
                )
                .order_by(observations_table.c.seq)
            )
        ]
        context.clock_offsets[key] = known
    index = bisect.bisect_right(known, (event.seq, INT64_MAX)) - 1
    return None if index < 0 else known[index][1]


def project_observation(context: HandlerContext, event: JournalEvent) -> None:
    context.clock_offsets.pop((event.meeting_id, event.device_id), None)
    insert_ignoring_duplicates(
        context.conn,
        observations_table,
        [
            {
                "meeting_id": event.meeting_id,
                "device_id": event.device_id,
                "seq": event.seq,
                "offset_ms": event.payload["offset_ms"],
                "rtt_ms": event.payload["rtt_ms"],
            }
        ],
    )


@dataclass
class StreamOffsets:
    """The journaled offsets of one meeting's streams, to correct the times of its events."""

    by_device: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)

    def offset(self, device_id: str, seq: int) -> int:
        """The latest observation at or before ``seq``; before the first, the first one."""
        found = self.by_device.get(device_id)
        if found is None:
            return 0
        seqs, offsets = found
        index = bisect.bisect_right(seqs, seq) - 1
        return offsets[max(index, 0)]

    def correct(self, device_id: str, seq: int, device_ms: int) -> int:
        """A device's time for its event ``seq``, as the server's clock would have read it."""
        return device_ms + self.offset(device_id, seq)


def stream_offsets(conn: Connection, meeting_id: str) -> StreamOffsets:
    rows = conn.execute(
        select(
            observations_table.c.device_id,
            observations_table.c.seq,
            observations_table.c.offset_ms,
        )
        .where(observations_table.c.meeting_id == meeting_id)
        .order_by(observations_table.c.device_id, observations_table.c.seq)
    ).all()
    offsets = StreamOffsets()
    for row in rows:
        seqs, values = offsets.by_device.setdefault(row.device_id, ([], []))
        seqs.append(row.seq)
        values.append(row.offset_ms)
    return offsets


@dataclass(frozen=True)
class DeviceClock:
    """Another device's clock as this desk knows it: ``ahead_ms`` of this desk's clock."""

    device_id: str
    label: str
    ahead_ms: int
    source: str
    """``server`` (both offsets measured by the server) or ``events`` (its events came ahead)."""


@dataclass(frozen=True)
class ClockReport:
    """This desk's offset from the server (None before the first sync), and the other clocks."""

    server_offset_ms: int | None
    server_rtt_ms: int | None
    measured_at_ms: int | None
    devices: tuple[DeviceClock, ...]

    def warnings(self) -> list[str]:
        """What the facilitator must hear, in French, with what to do; empty when clocks agree."""
        found = []
        if self.server_offset_ms is not None and abs(self.server_offset_ms) > WARN_MS:
            text = (
                _("L'horloge de ce poste a {delay} de retard sur le serveur.")
                if self.server_offset_ms > 0
                else _("L'horloge de ce poste a {delay} d'avance sur le serveur.")
            )
            found.append(
                text.format(delay=duration_text(abs(self.server_offset_ms)))
                + " "
                + _(
                    "Les heures affichées sont corrigées, mais réglez la date et l'heure de "
                    "l'ordinateur (réglage automatique de l'heure) avant la prochaine séance."
                )
            )
        for device in self.devices:
            if abs(device.ahead_ms) <= WARN_MS:
                continue
            text = (
                _("L'horloge du poste « {label} » a {delay} d'avance sur celle de ce poste.")
                if device.ahead_ms > 0
                else _("L'horloge du poste « {label} » a {delay} de retard sur celle de ce poste.")
            )
            found.append(
                text.format(label=device.label, delay=duration_text(abs(device.ahead_ms)))
                + " "
                + _("Vérifiez la date et l'heure des deux ordinateurs.")
            )
        return found


def clock_report(conn: Connection, own_device_id: str) -> ClockReport:
    readings = {row.subject: row for row in conn.execute(select(readings_table)).all()}
    labels = {
        row.device_id: row.label
        for row in conn.execute(select(device_keys.c.device_id, device_keys.c.label))
    }
    server = readings.pop(SERVER, None)
    devices: dict[str, DeviceClock] = {}
    if server is not None:
        latest: dict[str, int] = {}
        for row in conn.execute(
            select(observations_table.c.device_id, observations_table.c.offset_ms).order_by(
                observations_table.c.seq
            )
        ):
            latest[row.device_id] = row.offset_ms
        latest.pop(own_device_id, None)
        for device_id, offset_ms in latest.items():
            # Both offsets are "server minus device": their difference is device minus us.
            devices[device_id] = DeviceClock(
                device_id, labels.get(device_id, device_id), server.offset_ms - offset_ms, SERVER
            )
    for device_id, row in readings.items():
        if device_id not in devices or abs(row.offset_ms) > abs(devices[device_id].ahead_ms):
            devices[device_id] = DeviceClock(
                device_id, labels.get(device_id, device_id), row.offset_ms, "events"
            )
    return ClockReport(
        None if server is None else server.offset_ms,
        None if server is None else server.rtt_ms,
        None if server is None else server.measured_at_ms,
        tuple(sorted(devices.values(), key=lambda device: (device.label, device.device_id))),
    )


def duration_text(ms: int) -> str:
    """A clock difference as a person reads it: « 3 j 2 h », « 25 min », « 40 s »."""
    seconds = round(ms / 1000)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if days and hours:
        return _("{days} j {hours} h").format(days=days, hours=hours)
    if days:
        return _("{days} j").format(days=days)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if minutes:
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=seconds)
