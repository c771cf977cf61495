"""French (and English) typography of the documents: dates, times, numbers, spacing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civodesk.documents.typography import (
    NARROW_NBSP,
    NBSP,
    capitalize_first,
    format_clock_time,
    format_date_time,
    format_long_date,
    format_number,
    format_percent,
    format_time_span,
    french_spacing,
    typeset,
)
from civodesk.i18n import DEFAULT_LANGUAGE, set_language

CAYENNE = ZoneInfo("America/Cayenne")
EVENING = datetime(2026, 11, 26, 18, 30, tzinfo=CAYENNE)


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NARROW_NBSP, " ")


def test_french_dates_and_times() -> None:
    assert plain(format_long_date(EVENING)) == "jeudi 26 novembre 2026"
    assert plain(format_long_date(date(2026, 12, 1))) == "mardi 1er décembre 2026"
    assert plain(format_long_date(EVENING, with_weekday=False)) == "26 novembre 2026"
    assert plain(format_clock_time(EVENING)) == "18 h 30"
    assert plain(format_clock_time(EVENING.replace(minute=0))) == "18 h"
    assert plain(format_date_time(EVENING)) == "jeudi 26 novembre 2026 à 18 h 30"
    span = format_time_span(EVENING, EVENING.replace(hour=20, minute=0))
    assert plain(capitalize_first(span)) == "Jeudi 26 novembre 2026, de 18 h 30 à 20 h"


def test_a_time_never_breaks_across_lines() -> None:
    assert " " not in format_clock_time(EVENING)
    assert format_long_date(EVENING).count(NBSP) == 1  # "26 novembre" stays together


def test_english_dates_and_times() -> None:
    set_language("en")
    assert format_long_date(EVENING) == "Thursday 26 November 2026"
    assert format_long_date(date(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert format_date_time(EVENING) == "Thursday 26 November 2026 at 18:30"
    span = format_time_span(EVENING, EVENING.replace(hour=20, minute=0))
    assert span == "Thursday 26 November 2026, from 18:30 to 20:00"


def test_a_span_over_midnight_names_both_days() -> None:
    end = datetime(2026, 11, 27, 1, 0, tzinfo=CAYENNE)
    assert plain(format_time_span(EVENING, end)) == (
        "du jeudi 26 novembre 2026 à 18 h 30 au vendredi 27 novembre 2026 à 1 h"
    )


def test_numbers_use_narrow_no_break_spaces_in_french() -> None:
    assert format_number(1234.5) == f"1{NARROW_NBSP}234,5"
    assert format_number(1234567) == f"1{NARROW_NBSP}234{NARROW_NBSP}567"
    assert format_number(2 / 3, decimals=2) == "0,67"
    assert format_number(12, decimals=1) == "12,0"
    assert format_percent(0.125) == f"12,5{NARROW_NBSP}%"
    assert format_percent(0.5) == f"50{NARROW_NBSP}%"
    set_language("en")
    assert format_number(1234.5) == "1,234.5"
    assert format_percent(0.125) == "12.5%"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Attention: le vote commence!", "Attention\u202f: le vote commence\u202f!"),
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("Quoi ?!", "Quoi\u202f?!"),
        ("un ; deux", "un\u202f; deux"),
        ("« Bonjour »", "«\u202fBonjour\u202f»"),
        ("«Oui»", "«\u202fOui\u202f»"),
        ("À 14:30 précises.", "À 14:30 précises."),
        ("Voir https://exemple.fr/page?id=3 svp", "Voir https://exemple.fr/page?id=3 svp"),
        ("Déjà\u202f: fait", "Déjà\u202f: fait"),
    ],
)
def test_french_spacing_before_high_punctuation(typed: str, printed: str) -> None:
    assert french_spacing(typed) == printed
    assert typeset(typed) == printed
    set_language("en")
    assert typeset(typed) == typed


@given(st.text(alphabet=st.sampled_from("ab 1:;!?«»/\u00a0\u202f."), max_size=40))
def test_french_spacing_is_idempotent_and_only_touches_spaces(text: str) -> None:
    once = french_spacing(text)
    assert french_spacing(once) == once

    def visible(value: str) -> str:
        return "".join(c for c in value if c not in " \u00a0\u202f")

    assert visible(once) == visible(text)
