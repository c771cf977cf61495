"""Hybrid logical clock (Kulkarni et al., 2014).

A timestamp is one integer: wall milliseconds shifted left by 16 bits, plus a counter. It never goes
backwards on a device and stays close to real time; an event made after seeing another one gets a
larger value, so ordering by it respects causality, within the bound below.

The clock follows a remote stamp only up to ``MAX_AHEAD_MS`` past its own physical time: one desk
whose clock runs days ahead would otherwise drag every desk's stamps days ahead with it. A stamp
further ahead is clamped; the desk records how far ahead that device seemed
(``civodesk.journal.clock_offset``) and the Sync page shows it. An edit still sorts after the
version it was based on (``tick_after``), so a reply to a desk far ahead is not lost to it. Other
events made after seeing such a stamp may sort before it: that is the price of the bound. So
nothing may rely on clock order being causal: edits are decided on corrected stamps, and an event
projected before what it names is repaired (``civodesk.journal.deferred.apply_settling``, the
handlers' replays of early edits), on ingest and on rebuild alike.
"""

from __future__ import annotations

from civodesk.clock import Clock

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
MAX_AHEAD_MS = 5 * 60_000
"""How far past its own clock a desk's HLC may be pulled by what it receives."""


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

    def tick_after(self, floor: int) -> int:
        """A timestamp for a local event that must sort after ``floor`` (the version an edit was
        based on), even when ``floor`` lies past the bound; the clock itself is not dragged."""
        stamp = self.tick()
        return stamp if stamp > floor else floor + 1

    def observe(self, remote: int) -> None:
        """Merge a timestamp seen on an incoming event, so later local events sort after it; a
        stamp past the bound moves the clock only to the bound."""
        merged = min(remote, pack(self._clock.now_ms() + MAX_AHEAD_MS, 0))
        if merged > self._last:
            self._last = merged
