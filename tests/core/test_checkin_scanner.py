"""Keyboard-wedge scanners: telling a scan from typing, and a wrong keyboard layout."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from civodesk.checkin.badge_token import issue_token, looks_like_token
from civodesk.checkin.keyboard_layout import LayoutMismatch, as_typed_through, diagnose_layout
from civodesk.checkin.keyboard_wedge import KeyboardWedgeDetector, KeyKind
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id

TOKEN = issue_token(DeviceIdentity.generate("d"), new_id(), new_id(), date(2026, 12, 3), 1)


def wellformed(text: str) -> bool:
    return looks_like_token(text) or normalize_manual_code(text) is not None


def type_burst(detector: KeyboardWedgeDetector, text: str, start: float, gap: float) -> list[str]:
    scans = []
    time = start
    for char in text:
        decision = detector.feed(KeyKind.PRINTABLE, char, time)
        assert decision.consume
        time += gap
    decision = detector.feed(KeyKind.TERMINATOR, "\r", time)
    if decision.scan:
        scans.append(decision.scan)
    return scans


def test_fast_burst_with_enter_is_a_scan() -> None:
    detector = KeyboardWedgeDetector()
    assert type_burst(detector, TOKEN, 0, 2) == [TOKEN]
    assert not detector.holding


def test_slow_typing_is_released_to_the_widget_in_order() -> None:
    detector = KeyboardWedgeDetector()
    released: list[str] = []
    for index, char in enumerate("bonjour"):
        decision = detector.feed(KeyKind.PRINTABLE, char, index * 150)
        released += [key.text for key in decision.release]
    released += [key.text for key in detector.expire()]
    assert "".join(released) == "bonjour"


def test_short_fast_burst_then_enter_is_not_a_scan() -> None:
    detector = KeyboardWedgeDetector()
    for index, char in enumerate("ok"):
        detector.feed(KeyKind.PRINTABLE, char, index)
    decision = detector.feed(KeyKind.TERMINATOR, "\r", 3)
    assert decision.scan is None
    assert not decision.consume
    assert "".join(key.text for key in decision.release) == "ok"


def test_other_keys_flush_held_keys_first() -> None:
    detector = KeyboardWedgeDetector()
    detector.feed(KeyKind.PRINTABLE, "a", 0)
    decision = detector.feed(KeyKind.OTHER, "", 5)
    assert not decision.consume
    assert [key.text for key in decision.release] == ["a"]


def test_typing_just_before_a_scan_is_not_swallowed() -> None:
    detector = KeyboardWedgeDetector()
    detector.feed(KeyKind.PRINTABLE, "x", 0)
    first = detector.feed(KeyKind.PRINTABLE, TOKEN[0], 500)
    assert [key.text for key in first.release] == ["x"]
    time = 500.0
    for char in TOKEN[1:]:
        time += 3
        detector.feed(KeyKind.PRINTABLE, char, time)
    assert detector.feed(KeyKind.TERMINATOR, "\r", time + 3).scan == TOKEN


@given(st.floats(min_value=0.1, max_value=30))
def test_any_scanner_speed_within_the_gap_is_a_scan(gap: float) -> None:
    assert type_burst(KeyboardWedgeDetector(), TOKEN, 1000, gap) == [TOKEN]


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
