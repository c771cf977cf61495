"""Scanning at the door cannot admit the wrong person: what a badge is depends on what was typed,
never on how fast, and Enter admits only a person the user chose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from civodesk.checkin.views import ScanOutcome, ScanResult
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.checkin.checkin_page import CheckinPage
from ui.shell.main_window import MainWindow

PEOPLE = [
    ParticipantFields("Hélène", "Dupré", commune="Mana"),
    ParticipantFields("Jean", "Martin", commune="Apatou"),
    ParticipantFields("Julie", "Martin", commune="Mana"),
]


@pytest.fixture
def meeting(services: Services) -> str:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(meeting, PEOPLE, "Émargement")
    services.checkin.issue_badges(meeting)
    return meeting


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, meeting: str) -> CheckinPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=1)
    assert window.workspace is not None
    checkin = window.workspace.page(1)
    assert isinstance(checkin, CheckinPage)
    return checkin


def token_of(services: Services, meeting: str, first_name: str) -> str:
    return next(
        b.token for b in services.checkin.list_badges(meeting) if b.first_name == first_name
    )


def present_names(services: Services, meeting: str) -> list[str]:
    return sorted(row.first_name for row in services.checkin.search(meeting, "") if row.present)


def press(key: Qt.Key, text: str = "", modifiers: Qt.KeyboardModifier | None = None) -> None:
    """One key press and release, sent where a real keyboard sends it: the focused widget.

    The events carry a timestamp 100 ms apart from the previous ones, as on a machine too busy
    to keep up: nothing may depend on the spacing.
    """
    mods = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
    press.stamp += 100  # type: ignore[attr-defined]
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        target = QApplication.focusWidget()
        assert target is not None
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(press.stamp)  # type: ignore[attr-defined]
        QApplication.sendEvent(target, event)


press.stamp = 1_000_000  # type: ignore[attr-defined]


def scanner_types(text: str, *, shift_for_capitals: bool = False) -> None:
    """A USB scanner: each character as a key, capitals with Shift held around them, then Enter."""
    shift = Qt.KeyboardModifier.ShiftModifier
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
        if shift_for_capitals and char.isupper():
            press(Qt.Key.Key_Shift, "", shift)
            press(key, char, shift)
        else:
            press(key, char)
    press(Qt.Key.Key_Return, "\r")


def test_a_badge_scanned_into_the_search_field_admits_its_holder_not_the_highlighted_row(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.search.setText("dupre")
    page.run_search()
    assert page.selected_row() is not None
    assert page.selected_row().first_name == "Hélène"  # type: ignore[union-attr]
    page.search.clear()
    page.search.setFocus()
    with qtbot.waitSignal(page.result_shown) as shown:
        scanner_types(token_of(services, meeting, "Jean"))
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    assert page.banner.title_label.text() == "Jean Martin"
    assert present_names(services, meeting) == ["Jean"]


def test_a_badge_scanned_after_a_half_typed_name_is_still_the_badge(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.search.setFocus()
    for char in "dup":
        press(Qt.Key(ord(char.upper())), char)
    page.run_search()
    with qtbot.waitSignal(page.result_shown):
        scanner_types(token_of(services, meeting, "Julie"))
    assert present_names(services, meeting) == ["Julie"]
    assert page.search.text() == ""


def test_enter_in_an_empty_search_admits_nobody(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    results: list[ScanResult] = []
    page.result_shown.connect(results.append)
    page.search.setFocus()
    page.run_search()
    assert page.model.rowCount() == 3
    press(Qt.Key.Key_Return, "\r")
    page.table.setFocus()
    press(Qt.Key.Key_Return, "\r")
    assert results == []
    assert present_names(services, meeting) == []


def test_a_badge_typed_in_capitals_with_shift_is_recognised_from_the_table(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.table.setFocus()
    assert QApplication.focusWidget() is page.table
    with qtbot.waitSignal(page.result_shown) as shown:
        scanner_types(token_of(services, meeting, "Julie"), shift_for_capitals=True)
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    assert present_names(services, meeting) == ["Julie"]


def test_a_badge_in_lower_case_and_a_manual_code_in_any_case_are_scans(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.sound_check.setFocus()
    with qtbot.waitSignal(page.result_shown) as shown:
        scanner_types(token_of(services, meeting, "Hélène").lower())
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    code = next(
        b.manual_code for b in services.checkin.list_badges(meeting) if b.first_name == "Jean"
    )
    mixed = code[:4].lower() + "-" + code[4:]
    page.table.setFocus()
    with qtbot.waitSignal(page.result_shown) as shown:
        scanner_types(mixed)
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    assert present_names(services, meeting) == ["Hélène", "Jean"]


def test_typing_on_the_table_goes_to_the_search_not_to_a_row(
    qtbot: QtBot, page: CheckinPage, meeting: str
) -> None:
    page.table.setFocus()
    for char in "juli":
        press(Qt.Key(ord(char.upper())), char)
    assert page.search.text() == "juli"
    assert QApplication.focusWidget() is page.search


def test_a_name_with_several_matches_needs_a_choice_then_enter(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.search.setFocus()
    for char in "martin":
        press(Qt.Key(ord(char.upper())), char)
    press(Qt.Key.Key_Return, "\r")
    assert present_names(services, meeting) == []
    assert "choisissez" in page.banner.detail_label.text().lower()
    press(Qt.Key.Key_Down)
    chosen = page.selected_row()
    assert chosen is not None
    with qtbot.waitSignal(page.result_shown):
        press(Qt.Key.Key_Return, "\r")
    assert present_names(services, meeting) == [chosen.first_name]


def test_a_single_match_is_admitted_only_once_confirmed(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.search.setFocus()
    for char in "dupre":
        press(Qt.Key(ord(char.upper())), char)
    press(Qt.Key.Key_Return, "\r")
    box = page.findChild(QMessageBox, "confirmationBox")
    assert box is not None
    assert "Hélène Dupré" in box.text()
    assert present_names(services, meeting) == []
    with qtbot.waitSignal(page.result_shown):
        confirm(qtbot, page)
    assert present_names(services, meeting) == ["Hélène"]


def test_a_clicked_row_is_admitted_by_enter(
    qtbot: QtBot, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.search.setText("martin")
    page.run_search()
    rect = page.table.visualRect(page.model.index(1, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = page.selected_row()
    assert chosen is not None
    with qtbot.waitSignal(page.result_shown):
        press(Qt.Key.Key_Return, "\r")
    assert present_names(services, meeting) == [chosen.first_name]


def test_a_check_in_is_undone_from_the_banner_and_with_ctrl_z(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, meeting: str
) -> None:
    page.table.setFocus()
    with qtbot.waitSignal(page.result_shown):
        scanner_types(token_of(services, meeting, "Hélène"))
    qtbot.waitUntil(page.banner.undo_button.isVisible)  # just after the answer is painted
    qtbot.mouseClick(page.banner.undo_button, Qt.MouseButton.LeftButton)
    assert present_names(services, meeting) == []
    qtbot.waitUntil(lambda: not page.banner.undo_button.isVisible())
    assert "Annulé" in window.message_label.text()

    with qtbot.waitSignal(page.result_shown):
        scanner_types(token_of(services, meeting, "Jean"))
    assert present_names(services, meeting) == ["Jean"]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert present_names(services, meeting) == []
    assert services.checkin.present_at(meeting, services.journal.clock.now_ms()) == []
