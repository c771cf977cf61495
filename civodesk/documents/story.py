"""Building blocks of a flowing document's story: headings, paragraphs, long texts, notices.

Everything here takes plain user text (a participant's idea, a title) and makes it safe: missing
glyphs replaced visibly, markup characters escaped, French spacing applied. Headings stay with the
text that follows them and become PDF bookmarks and table-of-contents entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from civodesk.documents.glyphs import paragraph_markup, printable
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import ROW_SPLIT_MINIMUM
from civodesk.documents.typography import typeset

_BLANK_LINES = re.compile(r"\n\s*\n")
# one paragraph flowable at most this long: reportlab re-wraps a paragraph's rest at every
# page it splits across, so a 20,000-character idea is cut into pieces at sentence ends
MAX_PARAGRAPH_CHARS = 3000


def paragraph(text: str, style: Any = None) -> Any:
    """One paragraph of user text (newlines kept as line breaks)."""
    from reportlab.platypus import Paragraph

    return Paragraph(paragraph_markup(typeset(text)), style or document_styles().body)


def heading(
    text: str, level: int = 1, *, in_contents: bool = True, contents_level: int | None = None
) -> Any:
    """A heading (level 1 to 3) that is never left alone at the bottom of a page.

    With ``in_contents`` it is a bookmark of the PDF and an entry of the table of contents, at
    ``contents_level`` (default: its own level) when the headings between are not listed.
    """
    from reportlab.platypus import Paragraph

    level = min(max(level, 1), 3)
    flowable = Paragraph(paragraph_markup(typeset(text)), document_styles().heading(level))
    if in_contents:
        flowable.outline_level = (contents_level or level) - 1
        flowable.outline_text = printable(typeset(text))
        flowable.outline_markup = escape(flowable.outline_text)
    return flowable


def long_text(text: str, style: Any = None) -> list[Any]:
    """A long text as paragraphs that break across pages: one per blank-line-separated block,
    blocks longer than ``MAX_PARAGRAPH_CHARS`` cut at a sentence end (else a space)."""
    blocks = [block.strip() for block in _BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return [
        paragraph(piece, style)
        for block in blocks
        if block
        for piece in _pieces(block, MAX_PARAGRAPH_CHARS)
    ]


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit - 1  # one enormous word: the paragraph cuts it where it must
        pieces.append(text[: cut + 1].strip())
        text = text[cut + 1 :].strip()
    if text:
        pieces.append(text)
    return pieces


def notice(text: str) -> Any:
    """A short italic sentence for an empty section ("Aucune idée n'a été proposée.")."""
    return paragraph(text, document_styles().notice)


def spacer(height: float) -> Any:
    from reportlab.platypus import Spacer

    return Spacer(1, height)


def page_break() -> Any:
    from reportlab.platypus import PageBreak

    return PageBreak()


def key_values(rows: Sequence[tuple[str, str]], label_width: float = 110) -> Any:
    """Label / value lines (date, place, facilitators…) aligned as a borderless table."""
    from reportlab.platypus import Table, TableStyle

    styles = document_styles()
    data = [
        [paragraph(label, styles.muted), paragraph(value, styles.body)]
        for label, value in rows
        if value
    ]
    table = Table(data, colWidths=[label_width, None], hAlign="LEFT", splitInRow=ROW_SPLIT_MINIMUM)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table
