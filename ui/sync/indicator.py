"""The status-bar sync indicator: events waiting, last successful sync, server reachable or not."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from civodesk.i18n import _, ngettext
from sync.client.status import SyncStatus
from ui.shell.formatting import locale
from ui.shell.icons import icon

ICON_SIZE = QSize(16, 16)


def format_ms(ms: int) -> str:
    """A local date and time, short: "26/11 14:05" (today: "14:05")."""
    moment = QDateTime.fromMSecsSinceEpoch(ms)
    if moment.date() == QDateTime.currentDateTime().date():
        return locale().toString(moment, "HH:mm")
    return locale().toString(moment, _("dd/MM HH:mm"))


def status_text(status: SyncStatus, running: bool) -> tuple[str, str]:
    """(short text, state name) for the indicator; the state drives the colour (stylesheet)."""
    if not status.enrolled:
        return _("Synchronisation : non configurée"), "idle"
    if status.blocked_reason:
        return _("Synchronisation arrêtée : serveur refusé"), "error"
    text = (
        ngettext("{count} en attente", "{count} en attente", status.waiting).format(
            count=status.waiting
        )
        if status.waiting
        else _("à jour")
    )
    if status.last_success_ms is not None:
        text = _("{state} ({time})").format(state=text, time=format_ms(status.last_success_ms))
    if running:
        return _("{state} · envoi en cours…").format(state=text), "running"
    if status.last_reachable is False:
        return _("{state} · hors ligne").format(state=text), "offline"
    if status.rejections:
        refused = ngettext("{count} refusé", "{count} refusés", len(status.rejections))
        return " · ".join([text, refused.format(count=len(status.rejections))]), "warning"
    if status.clocks.warnings():
        return _("{state} · horloge décalée").format(state=text), "warning"
    return text, "ok" if not status.waiting else "pending"


class SyncIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon("sync").pixmap(ICON_SIZE))
        self.text_label = QLabel(_("Synchronisation : non configurée"))
        self.text_label.setObjectName("syncIndicatorText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label)
        self.state = "idle"
        self._status: SyncStatus | None = None
        self._running = False

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self._render()

    def set_running(self, running: bool) -> None:
        self._running = running
        self._render()

    def _render(self) -> None:
        if self._status is None:
            return
        text, self.state = status_text(self._status, self._running)
        self.text_label.setText(text)
        self.text_label.setProperty("syncState", self.state)
        tooltip = [_("Serveur : {url}").format(url=self._status.server_url or "—")]
        if self._status.last_success_ms is not None:
            tooltip.append(
                _("Dernière synchronisation réussie : {time}").format(
                    time=format_ms(self._status.last_success_ms)
                )
            )
        if self._status.last_reachable is not None and self._status.last_attempt_ms is not None:
            tooltip.append(
                (
                    _("Dernière tentative : {time}, serveur joignable")
                    if self._status.last_reachable
                    else _("Dernière tentative : {time}, serveur injoignable")
                ).format(time=format_ms(self._status.last_attempt_ms))
            )
        if self._status.blocked_reason:
            tooltip.append(self._status.blocked_reason)
        tooltip.extend(self._status.clocks.warnings())
        self.setToolTip("\n".join(tooltip))
        self.text_label.style().unpolish(self.text_label)
        self.text_label.style().polish(self.text_label)
