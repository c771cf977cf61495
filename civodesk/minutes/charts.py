"""The charts of a vote in the minutes: bars, merit profiles (stacked grade shares).

Drawn as plain reportlab flowables with the embedded fonts, so they are vector, print sharply
and come out the same on every machine. Pairwise matrices are tables (``votes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from civodesk.documents.fitting import ellipsize
from civodesk.documents.fonts import SANS_CONDENSED
from civodesk.documents.glyphs import printable
from civodesk.documents.page_template import CONTENT_WIDTH, MM
from civodesk.documents.styles import ACCENT, INK, MUTED, RULE
from civodesk.documents.typography import format_number, typeset

BAR_HEIGHT = 4.2 * MM
BAR_GAP = 1.8 * MM
LABEL_WIDTH = 55 * MM
VALUE_WIDTH = 16 * MM
LEGEND_HEIGHT = 5 * MM
# Seven grades, best first: from the accent blue to a muted red.
GRADE_COLOURS = (
    (0.10, 0.35, 0.60),
    (0.22, 0.50, 0.72),
    (0.45, 0.66, 0.82),
    (0.72, 0.82, 0.90),
    (0.93, 0.85, 0.62),
    (0.93, 0.64, 0.45),
    (0.80, 0.35, 0.32),
)


def _flowable_base() -> type:
    from reportlab.platypus import Flowable

    return Flowable  # type: ignore[no-any-return]


def bar_chart(rows: Sequence[tuple[str, int]]) -> Any:
    """Horizontal bars, one per option, longest = largest value; the value printed after it."""

    class BarChart(_flowable_base()):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = min(available_width, CONTENT_WIDTH)
            return self.width, len(rows) * (BAR_HEIGHT + BAR_GAP)

        def draw(self) -> None:
            canvas = self.canv
            largest = max((value for _label, value in rows), default=0) or 1
            room = self.width - LABEL_WIDTH - VALUE_WIDTH
            top = len(rows) * (BAR_HEIGHT + BAR_GAP)
            for index, (label, value) in enumerate(rows):
                y = top - (index + 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP / 2
                _label_at(canvas, label, y)
                canvas.setFillColorRGB(*ACCENT)
                canvas.rect(LABEL_WIDTH, y, max(room * value / largest, 0.5), BAR_HEIGHT, 0, 1)
                canvas.setFillColorRGB(*INK)
                canvas.drawRightString(self.width, y + 1.1 * MM, format_number(value))

    return BarChart()


def merit_profiles(rows: Sequence[tuple[str, Sequence[int]]], grades: Sequence[str] = ()) -> Any:
    """One stacked bar per option: the share of each grade, best grade on the left; under
    them, a legend naming each grade's colour."""

    class MeritProfiles(_flowable_base()):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = min(available_width, CONTENT_WIDTH)
            legend = LEGEND_HEIGHT if grades else 0
            return self.width, len(rows) * (BAR_HEIGHT + BAR_GAP) + legend

        def draw(self) -> None:
            canvas = self.canv
            room = self.width - LABEL_WIDTH
            if grades:
                _legend(canvas, grades, LABEL_WIDTH, room)
            top = len(rows) * (BAR_HEIGHT + BAR_GAP) + (LEGEND_HEIGHT if grades else 0)
            for index, (label, profile) in enumerate(rows):
                y = top - (index + 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP / 2
                _label_at(canvas, label, y)
                total = sum(profile) or 1
                x = LABEL_WIDTH
                for grade, amount in enumerate(profile):
                    width = room * amount / total
                    canvas.setFillColorRGB(*GRADE_COLOURS[grade % len(GRADE_COLOURS)])
                    canvas.rect(x, y, width, BAR_HEIGHT, 0, 1)
                    x += width
                canvas.setStrokeColorRGB(*RULE)
                canvas.setLineWidth(0.6)
                canvas.line(
                    LABEL_WIDTH + room / 2,
                    y - 0.6 * MM,
                    LABEL_WIDTH + room / 2,
                    y + BAR_HEIGHT + 0.6 * MM,
                )

    return MeritProfiles()


def _legend(canvas: Any, grades: Sequence[str], left: float, room: float) -> None:
    """Grade swatches in a row at the bottom, best first, each name after its colour."""
    canvas.setFont(SANS_CONDENSED, 7.5)
    step = room / len(grades)
    for index, grade in enumerate(grades):
        x = left + index * step
        canvas.setFillColorRGB(*GRADE_COLOURS[index % len(GRADE_COLOURS)])
        canvas.rect(x, 0.8 * MM, 2.6 * MM, 2.6 * MM, 0, 1)
        canvas.setFillColorRGB(*MUTED)
        name = ellipsize(printable(typeset(grade)), SANS_CONDENSED, 7.5, step - 3.6 * MM)
        canvas.drawString(x + 3.4 * MM, 1.2 * MM, name)


def _label_at(canvas: Any, label: str, y: float) -> None:
    canvas.setFont(SANS_CONDENSED, 8.5)
    canvas.setFillColorRGB(*MUTED)
    text = ellipsize(printable(typeset(label)), SANS_CONDENSED, 8.5, LABEL_WIDTH - 2 * MM)
    canvas.drawString(0, y + 1.1 * MM, text)
