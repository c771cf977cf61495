"""Hybrid logical clock (Kulkarni et al., 2014).

A timestamp is one integer: wall milliseconds shifted left by 16 bits, plus a counter. It never goes
backwards on a device, stays close to real time, and an event made after seeing another one always
gets a larger value, so ordering by it respects causality even when device clocks are wrong.
"""

from __future__ import annotations

from civodesk.clock import Clock

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | counter


def wall_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


class HybridLogicalClock:
    def __init__(self, clock: Clock, last: int = 0) -> None:
        self._clock = clock
        self._last = last

    @property
    def last(self) -> int:
        return self._last

    def tick(self) -> int:
        """A timestamp for a local event."""
        physical = pack(self._clock.now_ms(), 0)
        self._last = physical if physical > self._last else self._last + 1
        return self._last

    def observe(self, remote: int) -> None:
        """Merge a timestamp seen on an incoming event, so later local events sort after it."""
        if remote > self._last:
            self._last = remote
