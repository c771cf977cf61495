"""Where the main window was and how big: kept in ``window.ini`` beside the data (QSettings).

The saved geometry is used only if it still makes sense on the screen of today: a session on a
bigger screen, or a window once shrunk to a sliver, must not bring back a window that spills off
the laptop's screen or comes back tiny. Otherwise the window gets a default size that fits.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from civodesk.paths import data_dir

DEFAULT_SIZE = (1280, 760)
SMALLEST_RESTORED = (900, 560)  # below this the page layouts squeeze columns to a letter


def _settings() -> QSettings:
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def _available(window: QMainWindow) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, *DEFAULT_SIZE)


def restore_geometry(window: QMainWindow, available: QRect | None = None) -> None:
    """The last saved place and size if they fit ``available`` (the screen's free area) and are
    not tiny; otherwise the default size, shrunk to the screen and centred on it. A window
    that was maximised is maximised again."""
    area = available if available is not None else _available(window)
    settings = _settings()
    saved = settings.value("normal_geometry")
    if isinstance(saved, QRect) and _sensible(saved, area):
        window.setGeometry(saved)
    else:
        width = min(DEFAULT_SIZE[0], area.width())
        height = min(DEFAULT_SIZE[1], area.height())
        frame = QRect(0, 0, width, height)
        frame.moveCenter(area.center())
        window.setGeometry(frame)
    if settings.value("maximized", False, type=bool):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def _sensible(geometry: QRect, area: QRect) -> bool:
    big_enough = geometry.width() >= min(SMALLEST_RESTORED[0], area.width()) and (
        geometry.height() >= min(SMALLEST_RESTORED[1], area.height())
    )
    return big_enough and area.contains(geometry)


def save_geometry(window: QMainWindow) -> None:
    """The normal (not maximised) geometry and whether the window was maximised."""
    settings = _settings()
    settings.setValue("normal_geometry", window.normalGeometry())
    settings.setValue("maximized", window.isMaximized())
    settings.remove("geometry")  # Qt's opaque blob of earlier versions, restored unchecked
    settings.sync()
