"""Idées: what participants said or wrote during the meeting."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QListView, QStackedWidget, QVBoxLayout, QWidget

from civodesk.i18n import _, ngettext
from civodesk.ideas.idea import IdeaView
from civodesk.meetings.meeting import MeetingDetails
from ui.ideas.idea_list_model import IdeaListModel
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.empty_state import EmptyState


class IdeasPage(QWidget):
    """For now a read-only list of the meeting's ideas; capture and grouping come later."""

    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._meeting_id: str | None = None
        self.model = IdeaListModel(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageTitle")
        self.list_view = QListView()
        self.list_view.setObjectName("ideaList")
        self.list_view.setModel(self.model)
        self.list_view.setWordWrap(True)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setUniformItemSizes(True)
        self.empty_state = EmptyState(
            "ideas",
            _("Aucune idée pour l'instant"),
            _(
                "Les idées exprimées pendant la réunion, à l'oral ou sur post-it, apparaîtront "
                "ici. Vous pourrez les regrouper puis les soumettre au vote."
            ),
        )
        self._stack = QStackedWidget()
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.count_label)
        listing_layout.addWidget(self.list_view)
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(listing)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)

    def set_meeting(self, details: MeetingDetails) -> None:
        if details.id != self._meeting_id:
            self._meeting_id = details.id
            self._load()

    def refresh(self, topics: frozenset[str]) -> None:
        if "ideas" in topics:
            self._load()

    def _load(self) -> None:
        if self._meeting_id is not None:
            self._context.tasks.submit_db(
                self._context.services.ideas.list_ideas,
                self._meeting_id,
                on_done=self._on_ideas_loaded,
            )

    def _on_ideas_loaded(self, ideas: Sequence[IdeaView]) -> None:
        self.model.set_ideas(ideas)
        self.count_label.setText(
            ngettext("{count} idée", "{count} idées", len(ideas)).format(count=len(ideas))
        )
        self._stack.setCurrentIndex(1 if ideas else 0)
