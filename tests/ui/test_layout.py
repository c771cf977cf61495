"""At 1366×768, in French and in English, no button or label is cut off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from civodesk.demo import create_demo_meeting
from civodesk.services import Services
from ui.shell.app import configure_look
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


def out_of_reach(window: MainWindow) -> list[str]:
    """Visible buttons not wholly on screen: outside the window or clipped by a parent."""
    problems = []
    frame = window.rect()
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.width() == 0:
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        inside = frame.contains(QRect(top_left, button.size()))
        shown = button.visibleRegion().boundingRect().size() == button.size()
        if not (inside and shown):
            name = button.text() or button.toolTip() or button.objectName()
            problems.append(f"{name!r} at {top_left.x()},{top_left.y()} {button.size().toTuple()}")
    return problems


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The look of the real application (font size, Fusion, style sheet): sizes depend on it."""
    font, style_name = QFont(qapp.font()), qapp.style().name()
    configure_look(qapp)
    yield
    qapp.setStyleSheet("")
    qapp.setStyle(style_name)
    qapp.setFont(font)


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_every_action_of_every_page_is_on_screen(
    qtbot: QtBot, app_style: None, services: Services, window: MainWindow, size: tuple[int, int]
) -> None:
    """A 1366×768 laptop, a 1280×720 projector-mirrored screen: nothing out of reach."""
    meeting_id = create_demo_meeting(services, participants=10, ideas=10, seed=7)
    window.resize(*size)
    for page in range(6):
        with qtbot.waitSignal(window.meeting_opened):
            window.open_meeting(meeting_id, page)
        assert window.workspace is not None
        window.workspace.show_page(page)
        qtbot.wait(50)  # let the layouts run
        hint = window.minimumSizeHint()
        assert hint.width() <= size[0], (page, hint.toTuple())
        assert hint.height() <= size[1], (page, hint.toTuple())
        assert window.size().toTuple() == size, page
        assert out_of_reach(window) == [], page


def test_a_long_search_text_does_not_widen_the_window(
    qtbot: QtBot, app_style: None, services: Services, window: MainWindow
) -> None:
    meeting_id = create_demo_meeting(services, participants=10, ideas=0, seed=7)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id, 1)
    assert window.workspace is not None
    page = window.workspace.pages[1]
    page.search.setText("x" * 400)  # type: ignore[attr-defined]
    page.run_search()  # type: ignore[attr-defined]
    assert page.no_match.isVisible()  # type: ignore[attr-defined]
    qtbot.wait(300)
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() == 1366
