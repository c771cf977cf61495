"""Idées: what participants said or wrote during the meeting."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QListView, QStackedWidget, QVBoxLayout, QWidget

from civodesk.changes import ChangeSet
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
        """Many changes at once (a sync): the whole list again."""
        if "ideas" in topics:
            self._load()

    def apply_change(self, change: ChangeSet) -> None:
        """One committed change: just the ideas it names."""
        if "ideas" not in change.topics or change.meeting_id != self._meeting_id:
            return
        if not change.knows_ids("ideas"):
            self._load()
            return
        ids = change.ids("ideas")
        self._context.tasks.submit_db(
            self._context.services.ideas.list_ideas,
            change.meeting_id,
            ids,
            on_done=lambda ideas: self._on_ideas_changed(ideas, ids),
        )

    def _on_ideas_changed(self, ideas: Sequence[IdeaView], ids: frozenset[str]) -> None:
        self.model.update_ideas(ideas, ids)
        self._show_count()

    def _load(self) -> None:
        if self._meeting_id is not None:
            self._context.tasks.submit_db(
                self._context.services.ideas.list_ideas,
                self._meeting_id,
                on_done=self._on_ideas_loaded,
            )

    def _on_ideas_loaded(self, ideas: Sequence[IdeaView]) -> None:
        self.model.set_ideas(ideas)
        self._show_count()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} idée", "{count} idées", count).format(count=count)
        )
        self._stack.setCurrentIndex(1 if count else 0)
