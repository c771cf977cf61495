"""The paragraph styles every flowing document shares (minutes, sign-in sheet, ballots).

One sober look for a town hall's publications: DejaVu Sans body text at 10 pt, headings in the
accent colour that always stay with what follows them (``keepWithNext``), condensed type in
tables so that names and numbers fit their columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from civodesk.documents.fonts import SANS, SANS_CONDENSED, family

INK = (0.12, 0.16, 0.22)
ACCENT = (0.11, 0.30, 0.52)
MUTED = (0.40, 0.44, 0.50)
RULE = (0.75, 0.78, 0.82)
HEADER_FILL = (0.88, 0.92, 0.96)
ZEBRA_FILL = (0.96, 0.97, 0.98)


@dataclass(frozen=True)
class DocumentStyles:
    title: Any
    subtitle: Any
    heading1: Any
    heading2: Any
    heading3: Any
    body: Any
    small: Any
    muted: Any
    notice: Any
    table_cell: Any
    table_header: Any
    toc_title: Any
    toc_levels: tuple[Any, ...]

    def heading(self, level: int) -> Any:
        return (self.heading1, self.heading2, self.heading3)[min(max(level, 1), 3) - 1]


@cache
def document_styles() -> DocumentStyles:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle

    sans = family(SANS)
    condensed = family(SANS_CONDENSED)
    ink, accent, muted = Color(*INK), Color(*ACCENT), Color(*MUTED)
    body = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=10,
        leading=13.5,
        textColor=ink,
        spaceAfter=5,
        allowOrphans=0,
        allowWidows=0,
        embeddedHyphenation=1,  # a long word breaks at its own hyphens ("Saint-Laurent-…")
    )

    def heading(name: str, size: float, before: float, color: Any = accent) -> Any:
        return ParagraphStyle(
            name,
            parent=body,
            fontName=sans.bold,
            fontSize=size,
            leading=size * 1.25,
            textColor=color,
            spaceBefore=before,
            spaceAfter=size * 0.45,
            keepWithNext=1,
        )

    cell = ParagraphStyle(
        "table_cell", parent=body, fontName=SANS_CONDENSED, fontSize=9, leading=11, spaceAfter=0
    )
    return DocumentStyles(
        title=heading("title", 20, 0, ink),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16, textColor=muted),
        heading1=heading("heading1", 15, 14),
        heading2=heading("heading2", 12.5, 10),
        heading3=heading("heading3", 11, 8, ink),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", parent=body, fontSize=9, leading=12, textColor=muted),
        notice=ParagraphStyle(
            "notice", parent=body, fontName=sans.italic, textColor=muted, spaceBefore=2
        ),
        table_cell=cell,
        table_header=ParagraphStyle(
            "table_header", parent=cell, fontName=condensed.bold, textColor=ink
        ),
        toc_title=heading("toc_title", 15, 0),
        toc_levels=tuple(
            ParagraphStyle(
                f"toc{level}",
                parent=body,
                fontName=sans.bold if level == 0 else SANS,
                fontSize=10.5 - level,
                leading=14 - level,
                leftIndent=12 * level,
                firstLineIndent=0,
                spaceAfter=1,
            )
            for level in range(3)
        ),
    )
