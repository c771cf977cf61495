"""Wall-clock time on the server (UTC), for records shown to administrators and rate limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from civodesk.clock import Clock, SystemClock


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def wall_seconds() -> float:
    """Seconds for token buckets: wall time (not a per-process monotonic clock), so every server
    process, on every machine, reads the same time for a bucket stored in the database."""
    return time.time()


def default_clock() -> Clock:
    """The clock the server tells desks when its application is given none: the system's."""
    return SystemClock()
