"""Typing anywhere on the Accueil page lands in its search field.

A USB scanner types a badge into whatever widget has focus. Keys aimed at a widget that takes no
text (the participants table, a button, a check box) would drive that widget instead — the
table's type-ahead moved the highlighted row, and Enter then admitted whoever it landed on. So
every printable key aimed at such a widget is sent to the search field, which takes the focus:
the scan (or a name) is then read there, by its content, when Enter comes
(``ui.checkin.search_entry``). No timing is involved, so a busy machine cannot split a scan, and
Shift or any other lone modifier changes nothing.

The filter is application-wide, so Qt calls it for every event of the program; it is installed
only while the focus is on a widget that takes no text. Once the first key of a scan has moved the
focus to the search field, the other 157 keys of the badge no longer pass through Python here
(measured: about a third of the typing cost of a scan, ``bench.checkin_scan``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def takes_text(widget: QWidget) -> bool:
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)


class TypingRedirect(QObject):
    """While active, printable keys aimed at a non-text widget of ``window`` go to ``search``."""

    def __init__(self, window: QWidget, search: QLineEdit) -> None:
        super().__init__(window)
        self._window = window
        self._search = search
        self._active = False
        self._filtering = False

    def set_active(self, active: bool) -> None:
        """Listen only while the check-in page is shown."""
        app = QApplication.instance()
        if active == self._active or not isinstance(app, QApplication):
            return
        self._active = active
        if active:
            app.focusChanged.connect(self._on_focus_changed)
        else:
            app.focusChanged.disconnect(self._on_focus_changed)
        self._update_filter(QApplication.focusWidget())

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._update_filter(new)

    def _update_filter(self, focus: QWidget | None) -> None:
        """Filter while active, unless the focus is on a widget that takes the keys as text."""
        wanted = self._active and (focus is None or not takes_text(focus))
        app = QApplication.instance()
        if wanted == self._filtering or app is None:
            return
        self._filtering = wanted
        if wanted:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or not self._concerns(watched):
            return False
        text = event.text()
        if (
            event.modifiers() & COMMAND_MODIFIERS
            or not text
            or not text.isprintable()
            or text.isspace()
            or takes_text(watched)
        ):
            return False
        self._search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._search.insert(text)
        return True

    def _concerns(self, watched: QWidget) -> bool:
        """Key presses aimed at the focused widget of our window (not at a dialog over it)."""
        focus = QApplication.focusWidget()
        target = focus if focus is not None else self._window
        return watched is target and target.window() is self._window.window()
