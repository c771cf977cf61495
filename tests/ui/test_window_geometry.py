"""The window comes back where it was only if that still fits the screen, and never tiny."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from ui.shell.window_geometry import restore_geometry, save_geometry

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar


def saved_then_restored(qtbot: QtBot, saved: QRect, screen: QRect) -> QRect:
    before = QMainWindow()
    qtbot.addWidget(before)
    before.setGeometry(saved)
    save_geometry(before)
    after = QMainWindow()
    qtbot.addWidget(after)
    restore_geometry(after, screen)
    return after.geometry()


def test_a_window_shrunk_to_a_sliver_comes_back_at_a_usable_size(qtbot: QtBot) -> None:
    restored = saved_then_restored(qtbot, QRect(40, 40, 733, 364), LAPTOP)
    assert restored.width() >= 900
    assert restored.height() >= 560
    assert LAPTOP.contains(restored)


def test_a_window_from_a_bigger_screen_is_fitted_to_this_one(qtbot: QtBot) -> None:
    restored = saved_then_restored(qtbot, QRect(0, 0, 1900, 1040), LAPTOP)
    assert LAPTOP.contains(restored)
    assert restored.width() == 1280


def test_a_sensible_geometry_is_restored_as_it_was(qtbot: QtBot) -> None:
    restored = saved_then_restored(qtbot, QRect(30, 20, 1200, 680), QRect(0, 0, 1920, 1040))
    assert restored.size().toTuple() == (1200, 680)


def test_a_first_start_gets_the_default_size_fitted_to_a_small_screen(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    restore_geometry(window, QRect(0, 0, 1280, 680))
    assert window.geometry() == QRect(0, 0, 1280, 680)
