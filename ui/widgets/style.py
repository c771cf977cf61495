"""Per-widget style sheets, set only when they change."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """Setting a style sheet re-polishes the widget and its children against the application's
    sheet, even when the text is the same; the door's banner and counts change at every scan."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
