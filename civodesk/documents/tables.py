"""Data tables that paginate: the header row repeats on every page, rows are not split.

Cells hold plain user text. A text that fits its column is drawn as a plain string (fast for
thousands of rows); a longer one becomes a wrapped paragraph, so nothing overflows or is cut.
Numbers are right-aligned; rows alternate a light fill to guide the eye across wide tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from civodesk.documents.fitting import text_width
from civodesk.documents.fonts import SANS_CONDENSED
from civodesk.documents.glyphs import paragraph_markup, printable
from civodesk.documents.page_template import CONTENT_WIDTH
from civodesk.documents.styles import HEADER_FILL, INK, RULE, ZEBRA_FILL, document_styles
from civodesk.documents.typography import typeset

Alignment = Literal["left", "right", "center"]
CELL_PADDING = 4
VERTICAL_PADDING = 3
CELL_SIZE = 9
# rows stay whole, except one too tall for a page (a 20,000-character idea in a cell): it
# continues overleaf in pieces at least this tall (points), so ordinary rows are never cut
ROW_SPLIT_MINIMUM = 60


@dataclass(frozen=True)
class Column:
    """A column: its title, its share of the table's width, and how its cells are aligned."""

    title: str
    share: float = 1.0
    align: Alignment = "left"


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    width: float = CONTENT_WIDTH,
    row_height: float | None = None,
    zebra: bool = True,
) -> Any:
    """A table of ``rows`` (plain strings) under a repeated header row.

    ``row_height`` sets a minimum height for every body row (room for a signature); a row whose
    wrapped text needs more grows to fit it.
    """
    from reportlab.lib.colors import Color
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = document_styles()
    total_share = sum(column.share for column in columns) or 1.0
    widths = [width * column.share / total_share for column in columns]
    header = [
        Paragraph(
            paragraph_markup(typeset(column.title)), _aligned(styles.table_header, column.align)
        )
        for column in columns
    ]
    body = [
        [
            _cell(text, widths[index] - 2 * CELL_PADDING, columns[index].align, styles)
            for index, text in enumerate(row)
        ]
        for row in rows
    ]
    heights = None
    if row_height:
        heights = [None, *(_row_height(row, widths, row_height) for row in body)]
    table = Table(
        [header, *body],
        colWidths=widths,
        rowHeights=heights,
        repeatRows=1,
        splitByRow=1,
        splitInRow=ROW_SPLIT_MINIMUM,
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), SANS_CONDENSED, CELL_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, -1), Color(*INK)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), Color(*HEADER_FILL)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, Color(*INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, Color(*RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), VERTICAL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), VERTICAL_PADDING),
    ]
    for index, column in enumerate(columns):
        if column.align != "left":
            commands.append(("ALIGN", (index, 0), (index, -1), column.align.upper()))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, Color(*ZEBRA_FILL)]))
    table.setStyle(TableStyle(commands))
    return table


def _row_height(row: Sequence[Any], widths: Sequence[float], minimum: float) -> float:
    """The taller of ``minimum`` and what the row's wrapped paragraphs need."""
    needed = minimum
    for cell, width in zip(row, widths, strict=True):
        if not isinstance(cell, str):
            _, height = cell.wrap(width - 2 * CELL_PADDING, 1e6)
            needed = max(needed, height + 2 * VERTICAL_PADDING)
    return needed


def _cell(text: str, room: float, align: Alignment, styles: Any) -> Any:
    from reportlab.platypus import Paragraph

    text = typeset(text)
    safe = printable(text)
    if text_width(safe, SANS_CONDENSED, CELL_SIZE) <= room:
        return safe
    return Paragraph(paragraph_markup(text), _aligned(styles.table_cell, align))


@cache
def _aligned(style: Any, align: Alignment) -> Any:
    """``style`` with the paragraph alignment of a column."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    alignment = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[align]
    return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=alignment)
