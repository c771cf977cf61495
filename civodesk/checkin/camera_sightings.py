"""Webcam scans: a badge held in front of the camera is seen in many frames but counts once.

A text counts when it first appears; it counts again only after it has been out of view for
``gone_after_ms`` (the person lowered the badge and shows it again, or the next person in the queue
holds up the same invitation by mistake — the desk then says "déjà enregistré").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SightingFilter:
    gone_after_ms: float = 2500.0
    _last_seen: dict[str, float] = field(default_factory=dict)

    def new_texts(self, texts: list[str], now_ms: float) -> list[str]:
        """The texts of this frame that are new sightings (in frame order, without repeats)."""
        self._forget(now_ms)
        fresh: list[str] = []
        for text in texts:
            if text not in self._last_seen and text not in fresh:
                fresh.append(text)
            self._last_seen[text] = now_ms
        return fresh

    def _forget(self, now_ms: float) -> None:
        stale = [t for t, seen in self._last_seen.items() if now_ms - seen > self.gone_after_ms]
        for text in stale:
            del self._last_seen[text]
