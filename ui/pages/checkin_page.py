"""Accueil: the check-in desk at the door of the meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from civodesk.domain.meeting import MeetingDetails
from civodesk.i18n import _
from ui.widgets.empty_state import EmptyState
from ui.workspace.context import WorkspaceContext


class CheckinPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "checkin",
                _("Accueil des participants"),
                _(
                    "Ici, l'agent d'accueil scannera les badges (douchette USB ou webcam), "
                    "cherchera un nom, inscrira les personnes venues sans inscription et suivra "
                    "le nombre de présents et le quorum."
                ),
            )
        )

    def set_meeting(self, details: MeetingDetails) -> None:
        self._meeting = details
