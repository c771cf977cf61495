"""Catching keyboard-wedge scans anywhere in the window, whatever widget has focus.

An application-wide event filter hands every key press of the window to the pure
``KeyboardWedgeDetector``: held keys that turn out to be a scan never reach the focused widget;
keys that turn out to be typing are re-sent to it, in order, a few milliseconds later.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from civodesk.checkin.keyboard_wedge import HeldKey, KeyboardWedgeDetector, KeyKind

TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def now_ms() -> float:
    return time.monotonic() * 1000


class ScanCatcher(QObject):
    """Emits ``scanned(text)`` for each scan typed into ``window`` while active."""

    scanned = Signal(str)

    def __init__(self, window: QWidget, detector: KeyboardWedgeDetector | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.detector = detector or KeyboardWedgeDetector()
        self._active = False
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def set_active(self, active: bool) -> None:
        """Listen only while the check-in page is shown."""
        app = QApplication.instance()
        if active == self._active or app is None:
            return
        self._active = active
        if active:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
            self._deliver(self.detector.expire())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._replaying
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not self._concerns(watched)
        ):
            return False
        stamp = event.timestamp() or now_ms()  # synthetic events carry no timestamp
        decision = self.detector.feed(self._kind(event), event.text(), stamp, _snapshot(event))
        self._deliver(decision.release)
        if decision.scan is not None:
            self._timer.stop()
            self.scanned.emit(decision.scan)
        elif self.detector.holding:
            self._timer.start(int(self.detector.max_gap_ms) + 5)
        return decision.consume

    def _concerns(self, watched: QObject) -> bool:
        """Key presses aimed at the focused widget of our window (not at a dialog over it)."""
        focus = QApplication.focusWidget()
        target = focus if focus is not None else self._window
        return watched is target and target.window() is self._window.window()

    @staticmethod
    def _kind(event: QKeyEvent) -> KeyKind:
        if event.modifiers() & COMMAND_MODIFIERS:
            return KeyKind.OTHER
        if event.key() in TERMINATORS:
            return KeyKind.TERMINATOR
        text = event.text()
        return KeyKind.PRINTABLE if text and text.isprintable() else KeyKind.OTHER

    def _on_timer_timeout(self) -> None:
        self._deliver(self.detector.expire())

    def _deliver(self, keys: tuple[HeldKey, ...]) -> None:
        """Re-send typing that was held back to the widget that has focus now."""
        if not keys:
            return
        target = QApplication.focusWidget() or self._window
        self._replaying = True
        try:
            for key in keys:
                code, modifiers, text = key.token  # type: ignore[misc]
                QApplication.sendEvent(
                    target, QKeyEvent(QEvent.Type.KeyPress, code, modifiers, text)
                )
                QApplication.sendEvent(
                    target, QKeyEvent(QEvent.Type.KeyRelease, code, modifiers, text)
                )
        finally:
            self._replaying = False


def _snapshot(event: QKeyEvent) -> tuple[int, Qt.KeyboardModifier, str]:
    return event.key(), event.modifiers(), event.text()
