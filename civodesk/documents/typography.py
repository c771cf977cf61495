"""Dates, times, numbers and punctuation as a French (or English) reader expects them on paper.

French: "jeudi 26 novembre 2026", "1er décembre", "18 h 30", "1 234,5" (narrow no-break space
between groups), "12,5 %" and a narrow no-break space before ``: ; ! ?`` so the mark never starts
a line. English: "Thursday 26 November 2026", "18:30", "1,234.5". Everything follows the
language chosen with ``civodesk.i18n.set_language``; Babel supplies the names from CLDR.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from civodesk.i18n import _, current_language

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def babel_locale(language: str | None = None) -> str:
    return _LOCALES.get(language or current_language(), "fr_FR")


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only ("jeudi 26…" at the start of a line → "Jeudi 26…")."""
    return text[:1].upper() + text[1:]


def format_long_date(day: date | datetime, *, with_weekday: bool = True) -> str:
    """ "jeudi 26 novembre 2026" / "Thursday 26 November 2026"; "1er" on the first in French."""
    from babel.dates import format_date

    if isinstance(day, datetime):
        day = day.date()
    locale = babel_locale()
    french = current_language() == "fr"
    month_year = format_date(day, "MMMM y", locale=locale)
    number = "1er" if french and day.day == 1 else str(day.day)
    text = f"{number}{NBSP}{month_year}" if french else f"{day.day} {month_year}"
    if with_weekday:
        text = f"{format_date(day, 'EEEE', locale=locale)} {text}"
    return text


def format_clock_time(moment: datetime) -> str:
    """ "18 h 30", "18 h" / "18:30" (no-break spaces: a time never splits across lines)."""
    if current_language() != "fr":
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if moment.minute == 0:
        return f"{moment.hour}{NBSP}h"
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def format_date_time(moment: datetime) -> str:
    """ "jeudi 26 novembre 2026 à 18 h 30" / "Thursday 26 November 2026 at 18:30"."""
    return _("{date} à {time}").format(
        date=format_long_date(moment), time=format_clock_time(moment)
    )


def format_time_span(start: datetime, end: datetime) -> str:
    """ "jeudi 26 novembre 2026, de 18 h 30 à 20 h"; both days when the span crosses midnight."""
    if start.date() != end.date():
        return _("du {start} au {end}").format(
            start=format_date_time(start), end=format_date_time(end)
        )
    return _("{date}, de {start} à {end}").format(
        date=format_long_date(start),
        start=format_clock_time(start),
        end=format_clock_time(end),
    )


def format_number(value: float, decimals: int | None = None) -> str:
    """ "1 234,5" / "1,234.5"; ``decimals`` fixes the digits after the comma (else as needed)."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=babel_locale())
    return str(text).replace(NBSP, NARROW_NBSP)


def format_percent(ratio: float, decimals: int = 1) -> str:
    """ "12,5 %" / "12.5%" from a ratio (0.125); trailing zeros dropped ("50 %")."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    number = str(format_decimal(ratio * 100, format=pattern, locale=babel_locale()))
    return f"{number}{NARROW_NBSP}%" if current_language() == "fr" else f"{number}%"


# a mark that ends a clause (followed by a space, the end or a closing sign), with the space
# typed before it if any: "14:30", "https://" and "?id=3" are glued to what follows and stay
_CLAUSE_MARK = re.compile(r"(?<=[^\s;:!?])[ \u00a0\u202f]?([;:!?])(?=[\s»)\]\"'’…;:!?]|$)")
_AFTER_OPENING_QUOTE = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING_QUOTE = re.compile(r"[ \u00a0\u202f]?»")


def french_spacing(text: str) -> str:
    """A narrow no-break space before ``; : ! ?`` and inside « », as French typography wants.

    Marks glued to a URL or a number (``https://…``, ``14:30``, ``?id=3``) are left alone, and
    "Quoi ?!" keeps its two marks together.
    """
    text = _CLAUSE_MARK.sub(NARROW_NBSP + r"\1", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NARROW_NBSP, text)
    return _BEFORE_CLOSING_QUOTE.sub(NARROW_NBSP + "»", text)


def typeset(text: str) -> str:
    """``text`` with the spacing rules of the current language (French spacing or none)."""
    return french_spacing(text) if current_language() == "fr" else text
