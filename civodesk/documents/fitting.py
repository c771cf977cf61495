"""Fitting text into a fixed box: shrink to a smaller size, wrap to lines, or end with "…".

For things drawn at fixed places (badges, ballots, headers). An ellipsis loses text, so it is for
display-only copies (a title repeated in a header), never for the record itself; flowing documents
(minutes) wrap paragraphs instead, see ``civodesk.documents.story``.
"""

from __future__ import annotations

import re
from typing import Any

ELLIPSIS = "…"
_BREAKING_SPACES = re.compile(r"[ \t]+")


def text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def fit_size(text: str, font: str, size: float, width: float, minimum: float) -> float:
    """The largest font size ≤ ``size`` at which ``text`` fits ``width`` (not below ``minimum``)."""
    while size > minimum and text_width(text, font, size) > width:
        size -= 0.5
    return size


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut and ended with "…" so it fits ``width`` (unchanged when it already fits)."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def shrink_or_wrap(
    text: str, font: str, largest: float, smallest: float, width: float
) -> tuple[float, list[str]]:
    """One line at the largest size that fits, else two lines at ``smallest`` (cut at a space or
    hyphen, the second line ellipsized if it still overflows)."""
    size = fit_size(text, font, largest, width, smallest)
    if text_width(text, font, size) <= width:
        return size, [text]
    for cut in range(len(text) - 1, 0, -1):
        if text[cut] in " -" and text_width(text[: cut + 1], font, smallest) <= width:
            head = text[: cut + 1].rstrip()
            return smallest, [head, ellipsize(text[cut + 1 :].strip(), font, smallest, width)]
    return smallest, [ellipsize(text, font, smallest, width)]


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces, never at a no-break space
    (reportlab's ``simpleSplit`` breaks at both, and lets a long word overflow); a word longer
    than the line is cut. Newlines start new lines; empty lines are dropped."""
    lines: list[str] = []
    for raw_line in text.split("\n"):
        line = ""
        for word in _BREAKING_SPACES.split(raw_line):
            if not word:
                continue
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and text_width(word, font, size) > width:
                cut = _longest_fitting_prefix(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
    return lines


def _longest_fitting_prefix(word: str, font: str, size: float, width: float) -> int:
    low, high = 1, len(word)  # at least one character per line, whatever the width
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def draw_wrapped(
    canvas: Any, text: str, font: str, size: float, x: float, y: float, width: float
) -> float:
    """Draw ``text`` wrapped to ``width`` from baseline ``y`` down; returns the next baseline."""
    canvas.setFont(font, size)
    for line in wrap_lines(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y
