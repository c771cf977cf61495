"""The application's SVG icons, from ``resources/icons``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from civodesk.paths import resources_dir


def icon_path(name: str) -> str:
    return str(resources_dir() / "icons" / f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (cached: icons are shared, never modified)."""
    return QIcon(icon_path(name))
