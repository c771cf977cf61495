"""Compte-rendu: the minutes of the meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from civodesk.i18n import _
from civodesk.meetings.meeting import MeetingDetails
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.empty_state import EmptyState


class MinutesPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "minutes",
                _("Compte-rendu"),
                _(
                    "Ici, vous rédigerez le compte-rendu à partir de l'ordre du jour, des idées "
                    "et des votes, puis l'exporterez en PDF avec l'empreinte de la réunion."
                ),
            )
        )

    def set_meeting(self, details: MeetingDetails) -> None:
        self._meeting = details
