"""What the person asks for when making the minutes: which document, in which language, with
or without names, with which logo."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from civodesk.i18n import SUPPORTED_LANGUAGES


class MinutesKind(StrEnum):
    COMPTE_RENDU = "compte-rendu"  # workshop or public meeting
    PROCES_VERBAL = "pv"  # council session, CGCT L2121-15


@dataclass(frozen=True)
class MinutesOptions:
    kind: MinutesKind = MinutesKind.COMPTE_RENDU
    language: str = "fr"
    with_names: bool = True  # False: counts and breakdowns only, no one's name
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        if self.language not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language: {self.language!r}")
