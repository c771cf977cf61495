"""Attendance from Accueil: the proxies of the selected person, and who was present at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from civodesk.checkin.views import ScanOutcome
from civodesk.i18n import _
from ui.checkin.presence_dialog import PresenceDialog
from ui.checkin.proxy_dialog import ProxyDialog
from ui.shell.workspace_context import WorkspaceContext

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage


class AttendanceActions(QObject):
    def __init__(self, page: CheckinPage, context: WorkspaceContext) -> None:
        super().__init__(page)
        self._page = page
        self._context = context

    def open_proxies(self) -> None:
        page = self._page
        row = page.selected_row()
        if row is None or page.meeting is None:
            return
        if not row.present:
            page.banner.show_message(
                ScanOutcome.REFUSED,
                _("Procuration impossible"),
                _("{name} doit d'abord être enregistré(e) comme présent(e).").format(
                    name=row.display_name
                ),
            )
            return
        limit = page.meeting.fields.proxy_limit
        dialog = ProxyDialog(self._context, page.meeting.id, row, page.read_only, limit, page)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.proxy_dialog = dialog

    def open_presence(self) -> None:
        page = self._page
        if page.meeting is None:
            return
        dialog = PresenceDialog(self._context, page.meeting.id, page)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.load()
        self.presence_dialog = dialog
