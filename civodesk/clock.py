"""Wall-clock access behind a small protocol, so tests can move time by hand."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> int:
        """Milliseconds since the Unix epoch, as the device believes it."""
        ...


class SystemClock:
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000


class ManualClock:
    """A clock that only moves when told to; for tests and skewed-device simulations."""

    def __init__(self, start_ms: int = 1_764_150_000_000) -> None:
        self.value_ms = start_ms

    def now_ms(self) -> int:
        return self.value_ms

    def advance(self, ms: int) -> None:
        self.value_ms += ms


def ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)
