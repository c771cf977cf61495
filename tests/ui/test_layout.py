"""At 1366×768, in French and in English, no button or label is cut off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from civodesk.demo import create_demo_meeting
from civodesk.services import Services
from ui.shell.main_window import MainWindow


def clipped_texts(root: QWidget) -> list[str]:
    """Visible buttons and one-line labels narrower than their text needs."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            needed = widget.sizeHint().width()
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            needed = widget.minimumSizeHint().width()
        else:
            continue
        if widget.width() < needed:
            problems.append(f"{widget.text()!r}: {widget.width()} < {needed}")
    return problems


def settled(qtbot: QtBot, root: QWidget) -> None:
    """Once layouts have run (a few event-loop turns), nothing may stay clipped."""
    try:
        qtbot.waitUntil(lambda: not clipped_texts(root), timeout=2000)
    except qtbot.TimeoutError:
        pytest.fail(f"clipped texts: {clipped_texts(root)}")


@pytest.mark.parametrize("interface_language", ["fr", "en"])
def test_nothing_is_clipped_at_1366_by_768(
    qtbot: QtBot, services: Services, window: MainWindow, interface_language: str
) -> None:
    meeting_id = create_demo_meeting(services, participants=10, ideas=10, seed=7)
    if interface_language == "en":
        window.switch_language("en")
    window.reload_meetings()
    settled(qtbot, window)
    for page in range(6):
        window.open_meeting(meeting_id, page)
        settled(qtbot, window)
    dialog = window.edit_meeting()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    settled(qtbot, dialog)
    assert dialog.height() <= 768
    dialog.reject()
