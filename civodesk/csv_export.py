"""Every CSV the product writes goes through here, so a spreadsheet never runs a cell as a formula.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets strip before looking) is read by Excel and LibreOffice as a formula: a participant
named ``=HYPERLINK(...)`` would become a link in the organiser's sheet. Such a cell is prefixed
with an apostrophe, which spreadsheets show as plain text (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_SEPARATOR = ";"
"""French Excel opens ``;``-separated files in columns on a double click."""


def neutralise(value: object) -> str:
    """The cell as text, made inert if a spreadsheet would read it as a formula.

    A number the product computed (``-3``, a count, a percentage) is written as it is: it is
    data, not text someone typed, and a spreadsheet must still read it as a number.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(
    stream: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    separator: str = EXCEL_SEPARATOR,
) -> int:
    """Write a header and rows, every cell neutralised; returns the number of rows written.

    Open files with ``newline=""`` (and ``encoding="utf-8-sig"`` so Excel sees the accents).
    """
    writer = csv.writer(stream, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count
