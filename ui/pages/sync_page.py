"""Synchronisation: exchanging the meeting's journal with the central server."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from civodesk.domain.meeting import MeetingDetails
from civodesk.i18n import _
from ui.widgets.empty_state import EmptyState
from ui.workspace.context import WorkspaceContext


class SyncPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "sync",
                _("Synchronisation"),
                _(
                    "Ici, vous relierez ce poste au serveur de la collectivité et suivrez l'envoi "
                    "du journal de la réunion dès qu'une connexion est disponible."
                ),
            )
        )

    def set_meeting(self, details: MeetingDetails) -> None:
        self._meeting = details
