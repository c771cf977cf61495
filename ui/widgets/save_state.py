"""The status-bar indicator that tells the person their work is safely on disk."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from civodesk.i18n import _
from ui.shell.formatting import format_time
from ui.shell.icons import icon

ICON_SIZE = QSize(16, 16)


class SaveStateIndicator(QWidget):
    """Three states: saved (green, with the time), saving, and failed (red, with the reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveState")
        self.icon_label = QLabel()
        self.text_label = QLabel()
        self.text_label.setObjectName("saveStateText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label)
        self.state = "saved"
        self._saved_at: datetime | None = None
        self._error = ""
        self.show_saved(None)

    def show_saved(self, at: datetime | None) -> None:
        self.state, self._saved_at = "saved", at
        self._render()

    def show_saving(self) -> None:
        self.state = "saving"
        self._render()

    def settle(self) -> None:
        """Nothing is being written any more (e.g. a change that turned out to change nothing)."""
        if self.state == "saving":
            self.show_saved(self._saved_at)

    def show_error(self, message: str) -> None:
        self.state, self._error = "error", message
        self._render()

    def retranslate(self) -> None:
        self._render()

    def _render(self) -> None:
        if self.state == "saving":
            text, icon_name = _("Enregistrement…"), "saving"
        elif self.state == "error":
            text = _("Non enregistré : {reason}").format(reason=self._error)
            icon_name = "error"
        elif self._saved_at is None:
            text, icon_name = _("Tout est enregistré"), "saved"
        else:
            text = _("Enregistré à {time}").format(time=format_time(self._saved_at))
            icon_name = "saved"
        self.icon_label.setPixmap(icon(icon_name).pixmap(ICON_SIZE))
        self.text_label.setText(text)
        self.text_label.setToolTip(text)
        self.setProperty("state", self.state)
        self.text_label.setProperty("state", self.state)
        self.text_label.style().unpolish(self.text_label)
        self.text_label.style().polish(self.text_label)
