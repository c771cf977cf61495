"""Votes: the motions put to the vote and their results."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from civodesk.i18n import _
from civodesk.meetings.meeting import MeetingDetails
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.empty_state import EmptyState


class VotesPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "votes",
                _("Votes"),
                _(
                    "Ici, vous préparerez les questions soumises au vote, ouvrirez et clorez "
                    "chaque scrutin, et verrez les résultats comptés parmi les présents."
                ),
            )
        )

    def set_meeting(self, details: MeetingDetails) -> None:
        self._meeting = details
