"""Wall-clock time on the server (UTC), for records shown to administrators and rate limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def monotonic_seconds() -> float:
    """Seconds for token buckets: wall time, shared by every server process on the machine(s)."""
    return time.time()
