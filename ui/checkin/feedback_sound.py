"""Optional sounds after a scan: a short high tone for "welcome", a low double tone otherwise."""

from __future__ import annotations

import math
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QSoundEffect

RATE = 22_050


def _write_tone(path: Path, tones: list[tuple[float, float]]) -> None:
    """(frequency Hz, seconds) segments, with short fades so nothing clicks."""
    samples: list[int] = []
    for frequency, seconds in tones:
        count = int(RATE * seconds)
        for i in range(count):
            fade = min(1.0, i / 200, (count - i) / 200)
            value = 0.35 * fade * math.sin(2 * math.pi * frequency * i / RATE) if frequency else 0
            samples.append(int(value * 32767))
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(RATE)
        output.writeframes(struct.pack(f"<{len(samples)}h", *samples))


class FeedbackSound(QObject):
    """Plays the scan sounds when enabled (off by default: some rooms want silence)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = False
        self._effects: dict[str, QSoundEffect] = {}
        self._directory: tempfile.TemporaryDirectory[str] | None = None

    def play(self, kind: str) -> None:
        """``kind`` is "accepted", "duplicate" or "refused"."""
        if not self.enabled:
            return
        if not self._effects:
            self._load()
        effect = self._effects.get(kind)
        if effect is not None:
            effect.play()

    def _load(self) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="civodesk-sounds-")
        folder = Path(self._directory.name)
        for kind, tones in {
            "accepted": [(1318.5, 0.12)],
            "duplicate": [(880.0, 0.12), (0, 0.06), (880.0, 0.12)],
            "refused": [(311.1, 0.18), (0, 0.05), (233.1, 0.25)],
        }.items():
            path = folder / f"{kind}.wav"
            _write_tone(path, tones)
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.8)
            self._effects[kind] = effect
