"""Where the main window was and how big: kept in ``window.ini`` beside the data (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from civodesk.paths import data_dir

DEFAULT_SIZE = (1280, 760)


def _settings() -> QSettings:
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore_geometry(window: QMainWindow) -> None:
    """The last saved geometry, or the default size on a first start."""
    geometry = _settings().value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)


def save_geometry(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.sync()
