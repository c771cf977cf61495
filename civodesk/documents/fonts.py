"""The fonts embedded in every CivoDesk PDF, registered once for the whole process.

DejaVu (shipped in ``resources/fonts`` with its licence) covers Latin-1, Latin Extended-A/-B and
Latin Extended Additional (Vietnamese), the modifier letters ʻ and ʼ, Greek and Cyrillic: every
name met across France and its overseas territories. The PDF base fonts (Helvetica…) only know
Latin-1, which is why they are never used. Each family is registered with its bold, italic and
bold italic faces so that ``<b>`` and ``<i>`` work in paragraphs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from civodesk.i18n import _
from civodesk.paths import resources_dir

SANS = "CivoSans"
SANS_CONDENSED = "CivoSansCondensed"
SERIF = "CivoSerif"
MONO = "CivoMono"

# family name -> (regular, bold, italic, bold italic) files in resources/fonts
FAMILY_FILES: dict[str, tuple[str, str, str, str]] = {
    SANS: (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    SANS_CONDENSED: (
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed-Oblique.ttf",
        "DejaVuSansCondensed-BoldOblique.ttf",
    ),
    SERIF: (
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
    # no italic mono is shipped: codes are never set in italics
    MONO: ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "", ""),
}


@dataclass(frozen=True)
class FontFamily:
    """The registered reportlab names of one family's faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


class FontsMissingError(RuntimeError):
    """The installation lacks the shipped fonts (a broken install, not a user mistake)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "Police de caractères introuvable : {path}. L'installation de CivoDesk est "
                "incomplète ; réinstallez l'application."
            ).format(path=path)
        )


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


_lock = threading.Lock()


@cache
def _registered_families() -> dict[str, FontFamily]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    families: dict[str, FontFamily] = {}
    for family, files in FAMILY_FILES.items():
        names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
        faces: list[str] = []
        for name, file in zip(names, files, strict=True):
            if not file:  # a missing style falls back on the upright face of the same weight
                faces.append(faces[len(faces) - 2])
                continue
            path = fonts_dir() / file
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as error:
                raise FontsMissingError(path) from error
            faces.append(name)
        regular, bold, italic, bold_italic = faces
        for is_bold, is_italic, face in ((0, 0, regular), (1, 0, bold), (0, 1, italic)):
            addMapping(family, is_bold, is_italic, face)
        addMapping(family, 1, 1, bold_italic)
        families[family] = FontFamily(regular, bold, italic, bold_italic)
    return families


def register_fonts() -> dict[str, FontFamily]:
    """Register every shipped family (once; safe from worker threads); name -> faces."""
    with _lock:
        return _registered_families()


def family(name: str = SANS) -> FontFamily:
    return register_fonts()[name]


@cache
def covered_characters(font_name: str) -> frozenset[int]:
    """The code points a registered TrueType face has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(face.charToGlyph)


def missing_characters(text: str, font_name: str) -> set[str]:
    """The characters of ``text`` that ``font_name`` cannot draw (spaces and controls aside)."""
    covered = covered_characters(font_name)
    return {char for char in text if ord(char) not in covered and not char.isspace()}
