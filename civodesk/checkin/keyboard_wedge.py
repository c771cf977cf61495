"""Telling a USB scanner ("keyboard wedge") from a person typing, by speed and terminator.

A scanner types a whole badge in a burst — a few milliseconds between keys — and ends with Enter
(or Tab). A person types ten times slower. The detector sees every key press of the application,
whatever widget has focus, and holds printable keys for a moment: if they turn out to be a burst
ended by a terminator, they form a scan and never reach the focused widget; otherwise they are
released to it, in order, as if nothing happened (a person notices no delay under ~50 ms).

Pure logic: the caller (the Qt event filter) feeds key presses with their time and acts on the
returned decision; ``expire`` is called from a timer restarted at each held key. The time fed is
the key's own timestamp from the windowing system when there is one: if the GUI thread is busy
for a moment while a scanner types, the keys queue up and keep their real spacing, so the scan is
still recognised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class KeyKind(Enum):
    PRINTABLE = "printable"
    TERMINATOR = "terminator"
    OTHER = "other"


@dataclass(frozen=True)
class HeldKey:
    """A key press the detector kept back; ``token`` is whatever the caller needs to replay it."""

    text: str
    time_ms: float
    token: object = None


@dataclass(frozen=True)
class Decision:
    """What the caller does with the key it just fed.

    - ``consume``: swallow this key (it is held, or it ended a scan);
    - ``release``: keys held earlier that must now be delivered to the focused widget, in order,
      *before* this key (when it is not consumed);
    - ``scan``: a complete scan to handle.
    """

    consume: bool
    release: tuple[HeldKey, ...] = ()
    scan: str | None = None


@dataclass
class KeyboardWedgeDetector:
    """Groups fast key bursts into scans.

    ``max_gap_ms``: the longest pause between two keys of one scan (scanners: 1–15 ms; people rarely
    under 60 ms). ``min_length``: shorter bursts are typing, not scans (a manual code has 8).
    """

    max_gap_ms: float = 35.0
    min_length: int = 8
    _held: list[HeldKey] = field(default_factory=list)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def feed(self, kind: KeyKind, text: str, time_ms: float, token: object = None) -> Decision:
        if self._held and time_ms - self._held[-1].time_ms > self.max_gap_ms:
            stale = self._release_all()
            return self._after_release(stale, kind, text, time_ms, token)
        return self._after_release((), kind, text, time_ms, token)

    def expire(self) -> tuple[HeldKey, ...]:
        """Hand back every held key: the caller's timer saw no key for ``max_gap_ms``."""
        return self._release_all()

    def _after_release(
        self, released: tuple[HeldKey, ...], kind: KeyKind, text: str, time_ms: float, token: object
    ) -> Decision:
        if kind == KeyKind.PRINTABLE and text:
            self._held.append(HeldKey(text, time_ms, token))
            return Decision(consume=True, release=released)
        if kind == KeyKind.TERMINATOR and len(self._held) >= self.min_length:
            scan = "".join(key.text for key in self._held)
            self._held.clear()
            return Decision(consume=True, release=released, scan=scan)
        return Decision(consume=False, release=released + self._release_all())

    def _release_all(self) -> tuple[HeldKey, ...]:
        held = tuple(self._held)
        self._held.clear()
        return held
