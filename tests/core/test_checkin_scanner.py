"""Keyboard-wedge scanners: telling a scan from typing by its content, and a wrong keyboard layout."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civodesk.checkin.badge_token import issue_token, looks_like_token
from civodesk.checkin.keyboard_layout import LayoutMismatch, as_typed_through, diagnose_layout
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.checkin.typed_entry import EntryKind, read_typed_entry
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id

TOKEN = issue_token(DeviceIdentity.generate("d"), new_id(), new_id(), date(2026, 12, 3), 1)


def wellformed(text: str) -> bool:
    return looks_like_token(text) or normalize_manual_code(text) is not None


NAME_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèçœ- '", max_size=20)


@given(NAME_LETTERS, st.booleans())
def test_a_badge_is_a_badge_whatever_was_typed_before_it_and_its_capitals(
    before: str, lower: bool
) -> None:
    typed = TOKEN.lower() if lower else TOKEN
    entry = read_typed_entry(before + typed + "\r")
    assert entry.kind == EntryKind.BADGE
    assert entry.text.upper() == TOKEN


@pytest.mark.parametrize("mismatch", list(LayoutMismatch))
def test_a_badge_through_the_wrong_layout_is_still_a_scan(mismatch: LayoutMismatch) -> None:
    entry = read_typed_entry(as_typed_through(TOKEN, mismatch))
    assert entry.kind == EntryKind.BADGE
    assert entry.is_scan


def test_a_damaged_badge_is_a_scan_the_desk_will_refuse() -> None:
    assert read_typed_entry(TOKEN[:60]).kind == EntryKind.BADGE


@pytest.mark.parametrize("code", ["QA2Z9MWK", "qa2z-9mwk", "Qa2Z 9mWk", "AQéWç?ZK"])
def test_manual_codes_in_any_case_and_through_the_wrong_layout(code: str) -> None:
    assert read_typed_entry(code).kind == EntryKind.MANUAL_CODE


@pytest.mark.parametrize(
    "text", ["dupré", "Jean Martin", "cvetkovic", "Marie-Christine de la Villardière", "  x "]
)
def test_names_are_names(text: str) -> None:
    entry = read_typed_entry(text)
    assert entry.kind == EntryKind.NAME
    assert entry.text == text.strip()


@pytest.mark.parametrize("text", ["", "   ", "\r"])
def test_nothing_typed_is_nothing(text: str) -> None:
    entry = read_typed_entry(text)
    assert entry.kind == EntryKind.NOTHING
    assert not entry.is_scan


def test_qwerty_scanner_on_azerty_computer_is_diagnosed() -> None:
    typed = as_typed_through(TOKEN, LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY)
    assert typed != TOKEN
    diagnosis = diagnose_layout(typed, wellformed)
    assert diagnosis is not None
    assert diagnosis.mismatch == LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY
    assert diagnosis.intended == TOKEN
    assert "AZERTY" in diagnosis.advice


def test_azerty_scanner_on_qwerty_computer_is_diagnosed() -> None:
    typed = as_typed_through(TOKEN, LayoutMismatch.SCANNER_AZERTY_COMPUTER_QWERTY)
    diagnosis = diagnose_layout(typed, wellformed)
    assert diagnosis is not None
    assert diagnosis.mismatch == LayoutMismatch.SCANNER_AZERTY_COMPUTER_QWERTY
    assert diagnosis.intended == TOKEN


def test_manual_code_through_wrong_layout_is_diagnosed() -> None:
    typed = as_typed_through("QA2Z9MWK", LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY)
    assert typed == "AQéWç?ZK"
    diagnosis = diagnose_layout(typed, wellformed)
    assert diagnosis is not None
    assert diagnosis.intended == "QA2Z9MWK"


def test_ordinary_garbage_is_not_blamed_on_the_layout() -> None:
    assert diagnose_layout("bonjour", wellformed) is None
    assert diagnose_layout("&&&&", wellformed) is None
