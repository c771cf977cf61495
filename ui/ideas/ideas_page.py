"""Idées: capture ideas as fast as a flip chart, group them on the wall, run the agenda.

Layout: the capture bar on top, the filters, the wall's actions, then the wall (one column per
cluster) beside the agenda runner. Everything is reachable from the keyboard:
Enter notes an idea; Ctrl+I returns to the capture box; on the wall, + adds a support, = counts a
show of hands, F2 edits, Suppr withdraws, Ctrl+M merges, Ctrl+G makes a group of the selection,
Alt+1…9 moves it into the n-th group, Alt+0 out of any group, Ctrl+←/→ goes to the next column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.facilitation.agenda_run import AgendaBoard, DecisionFields
from civodesk.i18n import _, ngettext
from civodesk.ideas.idea import ClusterView, IdeaEditEntry, IdeaFields, IdeaFilter, IdeaView
from civodesk.ideas.reading import IdeaMatcher
from civodesk.meetings.meeting import MeetingDetails
from civodesk.services import Services
from ui.ideas.agenda_runner import AgendaRunnerPanel
from ui.ideas.capture_bar import CaptureBar
from ui.ideas.idea_dialogs import IdeaEditDialog, NameDialog, SupportCountDialog
from ui.ideas.idea_wall import IdeaWallView
from ui.ideas.idea_wall_model import IdeaWallModel
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.empty_state import EmptyState

RUN_TOPICS = frozenset({"agenda_run", "questions", "decisions", "agenda"})


@dataclass(frozen=True)
class WallState:
    ideas: list[IdeaView]
    clusters: list[ClusterView]
    authors: list[tuple[str, str]]
    board: AgendaBoard


def load_wall_state(services: Services, meeting_id: str) -> WallState:
    """Everything the page shows, read on the database thread in one go."""
    return WallState(
        services.ideas.list_ideas(
            meeting_id, IdeaFilter(include_withdrawn=True, include_merged=True)
        ),
        services.ideas.clusters(meeting_id),
        services.ideas.possible_authors(meeting_id),
        services.facilitation.board(meeting_id),
    )


def authors_and_history(
    services: Services, meeting_id: str, idea_id: str
) -> tuple[list[tuple[str, str]], list[IdeaEditEntry]]:
    return services.ideas.possible_authors(meeting_id), services.ideas.history(meeting_id, idea_id)


class IdeasPage(QWidget):
    """``wall_loaded`` after the ideas were (re)loaded, ``ideas_updated`` after a change landed."""

    wall_loaded = Signal()
    ideas_updated = Signal()
    editor_opened = Signal(object)

    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._meeting_id: str | None = None
        self._read_only = False
        self.clusters: list[ClusterView] = []
        self.board: AgendaBoard | None = None
        self.matcher = IdeaMatcher()
        self.model = IdeaWallModel(self)

        self.capture = CaptureBar()
        self.capture.capture_requested.connect(self.capture_idea)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("ideaSearch")
        self.search.setPlaceholderText(_("Rechercher dans les idées"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tagFilter")
        self.cluster_filter = QComboBox()
        self.cluster_filter.setObjectName("clusterFilter")
        self.author_filter = QComboBox()
        self.author_filter.setObjectName("authorFilter")
        for combo in (self.tag_filter, self.cluster_filter, self.author_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
            combo.setMinimumContentsLength(10)
        self.show_withdrawn = QCheckBox(_("Retirées"))
        self.show_withdrawn.setObjectName("showWithdrawn")
        self.show_withdrawn.toggled.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.count_label)
        filters.addWidget(self.search, 2)
        for label, combo in (
            (_("Étiquette"), self.tag_filter),
            (_("Groupe"), self.cluster_filter),
            (_("Auteur"), self.author_filter),
        ):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        filters.addWidget(self.show_withdrawn)

        self.wall = IdeaWallView(self.model, self.matcher)
        self.wall.ideas_dropped.connect(self.move_ideas)
        self.wall.activated.connect(lambda idea_id: self.edit_idea([idea_id]))
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, text, tip, slot in (
            ("support", _("+1"), _("Un soutien de plus (+)"), self.support_selected),
            ("count", _("Compter…"), _("Nombre de mains levées (=)"), self.count_selected),
            ("edit", _("Modifier…"), _("Modifier l'idée et voir son historique (F2)"), self.edit_selected),
            ("withdraw", _("Retirer"), _("Retirer l'idée du mur (Suppr)"), self.withdraw_selected),
            ("restore", _("Rétablir"), _("Remettre l'idée retirée sur le mur"), self.restore_selected),
            ("merge", _("Fusionner"), _("Fusionner les idées choisies (Ctrl+M)"), self.merge_selected),
            ("group", _("Nouveau groupe…"), _("Grouper les idées choisies (Ctrl+G)"), self.group_selected),
            ("ungroup", _("Sortir du groupe"), _("Sortir les idées de leur groupe (Alt+0)"), lambda: self.move_selected_to(None)),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(f"{key}IdeaButton")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[key] = button
        self.group_menu_button = QToolButton()
        self.group_menu_button.setObjectName("groupMenuButton")
        self.group_menu_button.setText(_("Groupe"))
        self.group_menu_button.setToolTip(_("Renommer, déplacer ou supprimer le groupe choisi"))
        self.group_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        group_menu = QMenu(self.group_menu_button)
        for text, slot in (
            (_("Renommer le groupe…"), lambda: self._on_current_group(self.rename_cluster)),
            (_("Déplacer le groupe vers la gauche"), lambda: self._on_current_group(lambda c: self.move_cluster(c, -1))),
            (_("Déplacer le groupe vers la droite"), lambda: self._on_current_group(lambda c: self.move_cluster(c, 1))),
            (_("Supprimer le groupe (ses idées restent, sans groupe)"), lambda: self._on_current_group(self.remove_cluster)),
        ):  # fmt: skip
            group_menu.addAction(text).triggered.connect(lambda _c=False, slot=slot: slot())
        self.group_menu_button.setMenu(group_menu)
        actions.addWidget(self.group_menu_button)
        actions.addStretch(1)
        self.runner_toggle = QPushButton(_("Animation"))
        self.runner_toggle.setObjectName("runnerToggle")
        self.runner_toggle.setCheckable(True)
        self.runner_toggle.setChecked(True)
        self.runner_toggle.setToolTip(_("Afficher le déroulé : minuteur, notes, décisions"))
        actions.addWidget(self.runner_toggle)

        self.runner = AgendaRunnerPanel()
        self.runner.action.connect(self.run_facilitation)
        self.runner_toggle.toggled.connect(self.runner.setVisible)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.wall)
        self.splitter.addWidget(self.runner)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 330])

        self.empty_state = EmptyState(
            "ideas",
            _("Aucune idée pour l'instant"),
            _(
                "Tapez la première idée ci-dessus puis Entrée : le curseur reste prêt pour la "
                "suivante. Regroupez-les ensuite en les glissant d'une colonne à l'autre."
            ),
        )
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.capture)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self._stack, 1)
        self._shortcuts()
        self._fill_filters([])

    def _shortcuts(self) -> None:
        on_wall = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("+", self.support_selected),
            ("=", self.count_selected),
            ("F2", self.edit_selected),
            ("Delete", self.withdraw_selected),
            ("Ctrl+M", self.merge_selected),
            ("Ctrl+G", self.group_selected),
            ("Alt+0", lambda: self.move_selected_to(None)),
            ("Ctrl+Left", lambda: self.wall.focus_neighbour(-1)),
            ("Ctrl+Right", lambda: self.wall.focus_neighbour(1)),
            *((f"Alt+{n}", lambda n=n: self.move_selected_to_nth(n)) for n in range(1, 10)),
        ):
            QShortcut(QKeySequence(keys), self.wall, context=on_wall).activated.connect(slot)
        on_page = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+I", self.capture.edit.setFocus),
            ("Ctrl+Shift+D", lambda: self.run_facilitation("start", None)),
            ("Ctrl+Shift+P", lambda: self.run_facilitation("pause", None)),
            ("Ctrl+Shift+N", lambda: self.run_facilitation("next", None)),
        ):
            QShortcut(QKeySequence(keys), self, context=on_page).activated.connect(slot)

    # Page contract -----------------------------------------------------------------------------

    def set_meeting(self, details: MeetingDetails) -> None:
        self._read_only = details.is_read_only
        self.capture.setEnabled(not self._read_only)
        self.capture.set_items(
            [(item.id, item.title) for item in details.agenda],
            self.board.current_item_id if self.board else None,
        )
        if details.id != self._meeting_id:
            self._meeting_id = details.id
            self.reload()

    def refresh(self, topics: frozenset[str]) -> None:
        """Many changes at once (a sync, a reload): read again what the topics cover."""
        if topics & ({"ideas", "attendance", "participants"} | RUN_TOPICS):
            self.reload()

    def apply_change(self, change: ChangeSet) -> None:
        """One committed change: only the ideas it names, the clusters or the runner."""
        if change.meeting_id != self._meeting_id:
            return
        services = self._context.services
        if "clusters" in change.topics:
            self._context.tasks.submit_db(
                services.ideas.clusters, change.meeting_id, on_done=self._show_clusters
            )
        if "ideas" in change.topics:
            if not change.knows_ids("ideas"):
                self.reload()
                return
            ids = change.ids("ideas")
            self._context.tasks.submit_db(
                services.ideas.get_ideas,
                change.meeting_id,
                sorted(ids),
                on_done=lambda ideas: self._on_ideas_changed(ideas, ids),
            )
        if change.topics & RUN_TOPICS:
            self._context.tasks.submit_db(
                services.facilitation.board, change.meeting_id, on_done=self._show_board
            )

    def shutdown(self) -> None:
        self.runner.shutdown()

    # Loading -------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self._meeting_id is not None:
            self._context.tasks.submit_db(
                load_wall_state,
                self._context.services,
                self._meeting_id,
                on_done=self._on_loaded,
            )

    def _on_loaded(self, state: WallState) -> None:
        self.model.set_ideas(state.ideas)
        self.capture.set_authors(state.authors)
        self.runner.set_people(state.authors)
        self._show_clusters(state.clusters)
        self._show_board(state.board)
        self._fill_filters(state.authors)
        self._show_count()
        self.wall_loaded.emit()

    def _on_ideas_changed(self, ideas: Sequence[IdeaView], ids: frozenset[str]) -> None:
        self.model.update_ideas(ideas, ids)
        self.wall.ideas_changed(set(ids) | {idea.id for idea in ideas})
        self._add_tags(ideas)
        self._show_count()
        self.ideas_updated.emit()

    def _show_clusters(self, clusters: Sequence[ClusterView]) -> None:
        self.clusters = list(clusters)
        self.wall.set_clusters(self.clusters)
        chosen = self.cluster_filter.currentData()
        self.cluster_filter.blockSignals(True)
        self.cluster_filter.clear()
        self.cluster_filter.addItem(_("Tous"), None)
        for cluster in self.clusters:
            self.cluster_filter.addItem(cluster.name, cluster.id)
        self.cluster_filter.setCurrentIndex(max(0, self.cluster_filter.findData(chosen)))
        self.cluster_filter.blockSignals(False)

    def _show_board(self, board: AgendaBoard) -> None:
        self.board = board
        self.runner.set_board(board)
        if board.current_item_id is not None and self.capture.edit.toPlainText() == "":
            at = self.capture.item.findData(board.current_item_id)
            if at >= 0:
                self.capture.item.setCurrentIndex(at)

    def _fill_filters(self, authors: Sequence[tuple[str, str]]) -> None:
        chosen = self.author_filter.currentData()
        self.author_filter.blockSignals(True)
        self.author_filter.clear()
        self.author_filter.addItem(_("Tous"), None)
        for participant_id, name in authors:
            self.author_filter.addItem(name, participant_id)
        self.author_filter.setCurrentIndex(max(0, self.author_filter.findData(chosen)))
        self.author_filter.blockSignals(False)
        self.tag_filter.blockSignals(True)
        chosen_tag = self.tag_filter.currentData()
        self.tag_filter.clear()
        self.tag_filter.addItem(_("Toutes"), None)
        self.tag_filter.blockSignals(False)
        self._add_tags(self.model.ideas)
        if chosen_tag is not None:
            self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(chosen_tag)))

    def _add_tags(self, ideas: Sequence[IdeaView]) -> None:
        known = {self.tag_filter.itemData(i) for i in range(self.tag_filter.count())}
        self.tag_filter.blockSignals(True)
        for tag in sorted({tag for idea in ideas for tag in idea.tags} - known, key=str.casefold):
            self.tag_filter.addItem(f"#{tag}", tag)
        self.tag_filter.blockSignals(False)

    def _show_count(self) -> None:
        shown = self.model.on_wall
        self.count_label.setText(
            ngettext("{count} idée", "{count} idées", shown).format(count=shown)
        )
        self._stack.setCurrentIndex(1 if self.model.rowCount() else 0)

    # Filters --------------------------------------------------------------------------------------

    def current_filter(self) -> IdeaFilter:
        return IdeaFilter(
            text=self.search.text(),
            tag=self.tag_filter.currentData(),
            cluster_id=self.cluster_filter.currentData(),
            author_id=self.author_filter.currentData(),
            include_withdrawn=self.show_withdrawn.isChecked(),
        )

    def apply_filter(self) -> None:
        self.wall.set_filter(self.current_filter())

    # Capture and edits ----------------------------------------------------------------------------

    def _run(self, fn: Any, *args: Any, **callbacks: Any) -> None:
        if self._meeting_id is None or self._read_only:
            return
        self._context.run_change(fn, self._meeting_id, *args, **callbacks)

    def capture_idea(self, fields: IdeaFields) -> None:
        self._run(
            self._context.services.ideas.capture,
            fields,
            on_error=lambda error: self.capture.show_error(str(error)),
        )

    def selected(self) -> list[str]:
        return self.wall.selected_ids()

    def support_selected(self) -> None:
        for idea_id in self.selected():
            self._run(self._context.services.ideas.support, idea_id, 1)

    def count_selected(self) -> SupportCountDialog | None:
        ids = self.selected()
        idea = self.model.idea(ids[0]) if len(ids) == 1 else None
        if idea is None or self._read_only:
            return None
        dialog = SupportCountDialog(idea.own_supports, self)
        dialog.accepted.connect(
            lambda: self._run(
                self._context.services.ideas.set_support_count, idea.id, dialog.count.value()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        self.edit_idea(self.selected()[:1])

    def edit_idea(self, ids: Sequence[str]) -> None:
        idea = self.model.idea(ids[0]) if ids else None
        if idea is None or self._meeting_id is None or self._read_only:
            return
        self._context.tasks.submit_db(
            authors_and_history,
            self._context.services,
            self._meeting_id,
            idea.id,
            on_done=lambda found: self._open_editor(idea, *found),
        )

    def _open_editor(self, idea: IdeaView, authors: Any, history: Any) -> IdeaEditDialog:
        dialog = IdeaEditDialog(idea, authors, history, self)
        dialog.accepted.connect(
            lambda: (
                dialog.changes()
                and self._run(self._context.services.ideas.edit_idea, idea.id, dialog.changes())
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.editor_opened.emit(dialog)
        return dialog

    def withdraw_selected(self) -> None:
        for idea_id in self.selected():
            self._run(self._context.services.ideas.withdraw, idea_id)

    def restore_selected(self) -> None:
        for idea_id in self.selected():
            self._run(self._context.services.ideas.restore, idea_id)

    def merge_selected(self) -> None:
        ids = self.selected()
        if len(ids) < 2:
            self._context.report(_("Choisissez au moins deux idées à fusionner."), True)
            return
        self._run(self._context.services.ideas.merge, ids)

    def group_selected(self) -> NameDialog | None:
        ids = self.selected()
        if self._read_only:
            return None
        dialog = NameDialog(_("Nouveau groupe"), parent=self)
        dialog.accepted.connect(
            lambda: self._run(self._context.services.ideas.create_cluster, dialog.value(), ids)
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def move_selected_to_nth(self, n: int) -> None:
        if 1 <= n <= len(self.clusters):
            self.move_selected_to(self.clusters[n - 1].id)

    def move_selected_to(self, cluster_id: str | None) -> None:
        ids = self.selected()
        if ids:
            self.move_ideas(ids, cluster_id, -1)

    def move_ideas(self, ids: list[str], cluster_id: str | None, index: int) -> None:
        self._run(
            self._context.services.ideas.move_to_cluster,
            ids,
            cluster_id,
            None if index < 0 else index,
        )

    def _on_current_group(self, action: Any) -> None:
        cluster_id = self.wall.current_cluster_id()
        if cluster_id is None:
            self._context.report(_("Choisissez d'abord une idée du groupe."), True)
            return
        action(cluster_id)

    def rename_cluster(self, cluster_id: str) -> NameDialog | None:
        cluster = next((c for c in self.clusters if c.id == cluster_id), None)
        if cluster is None or self._read_only:
            return None
        dialog = NameDialog(_("Renommer le groupe"), cluster.name, self)
        dialog.accepted.connect(
            lambda: self._run(
                self._context.services.ideas.rename_cluster, cluster_id, dialog.value()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def move_cluster(self, cluster_id: str, step: int) -> None:
        ids = [cluster.id for cluster in self.clusters]
        if cluster_id in ids:
            self._run(
                self._context.services.ideas.move_cluster, cluster_id, ids.index(cluster_id) + step
            )

    def remove_cluster(self, cluster_id: str) -> None:
        self._run(self._context.services.ideas.remove_cluster, cluster_id)

    # Agenda runner ---------------------------------------------------------------------------------

    def run_facilitation(self, name: str, argument: object) -> None:
        facilitation = self._context.services.facilitation
        if name == "start":
            self._run(facilitation.start)
        elif name == "pause":
            self._run(facilitation.pause)
        elif name == "next":
            self.runner.save_notes()
            self._run(facilitation.next_item)
        elif name == "notes" and isinstance(argument, tuple):
            self._run(facilitation.set_notes, *argument)
        elif name == "question" and isinstance(argument, tuple):
            self._run(facilitation.ask_question, *argument)
        elif name == "decision" and isinstance(argument, DecisionFields):
            self._run(
                facilitation.record_decision,
                argument,
                on_error=lambda error: self.runner.show_decision_error(str(error)),
            )
