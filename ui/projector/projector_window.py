"""The projector's window: full screen on the chosen screen, showing one slide.

It belongs to the main window (closes with it, stays above nothing) and holds no state of its
own: closing it or losing its screen loses nothing, the controller keeps what it showed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from civodesk.i18n import _
from civodesk.projector.slides import Slide
from ui.projector.slide_view import SlideView


class ProjectorWindow(QWidget):
    """``closed`` when a person closes it; ``blank_requested`` on B or « . » (presenter remotes)."""

    closed = Signal()
    blank_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projectorWindow")
        self.setWindowTitle(_("CivoDesk — projecteur"))
        self.view = SlideView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1280, 720)

    def show_slide(self, slide: Slide) -> None:
        self.view.show_slide(slide)

    def show_on(self, screen: QScreen | None, full_screen: bool) -> None:
        """Move to ``screen`` (None: where it is) and go full screen there, or windowed."""
        if screen is not None:
            if self.windowHandle() is not None:
                self.windowHandle().setScreen(screen)
            self.setGeometry(screen.availableGeometry())
        if full_screen:
            self.showFullScreen()
        else:
            self.showNormal()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_B, Qt.Key.Key_Period):
            self.blank_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
