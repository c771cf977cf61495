"""CSV cells a spreadsheet opens safely: a text starting with = + - @, a tab or a carriage return
would be read as a formula (CSV injection); it is prefixed with an apostrophe, which Excel and
LibreOffice show as plain text. (Written here until a shared helper exists.)"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
