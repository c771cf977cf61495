"""The main window: the meetings list, the workspace of the open meeting, menus and status bar.

Every service call goes through the task runner; results come back as ``ChangeSet`` values that
this window records for undo, announces in the status bar, and turns into view refreshes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.i18n import _, current_language, ngettext
from civodesk.meetings.meeting import MeetingDetails, MeetingFields, MeetingStatus, MeetingSummary
from civodesk.meetings.service import MeetingNotFoundError
from civodesk.paths import data_dir
from civodesk.services import Services
from civodesk.undo import UndoHistory
from ui.meetings.agenda_model import AgendaRow
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.meeting_edits import apply_meeting_edit
from ui.meetings.meeting_list_model import (
    DATE_COLUMN,
    MEETING_ID_ROLE,
    ORGANIZATION_COLUMN,
    PEOPLE_COLUMN,
    PLACE_COLUMN,
    STATUS_COLUMN,
    TITLE_COLUMN,
    MeetingFilterProxyModel,
    MeetingListModel,
)
from ui.meetings.reopen_dialog import ReopenDialog
from ui.shell.icons import icon
from ui.shell.language import LanguageManager
from ui.shell.meeting_workspace import STAGES, MeetingWorkspace, stage_shortcut
from ui.shell.tasks import BaseTaskRunner, DoneCallback, ErrorCallback
from ui.shell.workspace_context import WorkspaceContext
from ui.sync.indicator import SyncIndicator
from ui.sync.scheduler import PULLED_TOPICS, SyncScheduler
from ui.widgets.confirmation import ask_confirmation
from ui.widgets.empty_state import EmptyState
from ui.widgets.save_state import SaveStateIndicator

LIST_PAGE, WORKSPACE_PAGE = 0, 1
SEARCH_DELAY_MS = 120
STATUS_MESSAGE_MS = 6000
LANGUAGES = (("fr", "Français"), ("en", "English"))


class MainWindow(QMainWindow):
    """``meeting_opened(meeting_id)`` fires once a meeting is shown in the workspace,
    ``meetings_loaded`` when the list was (re)filled, ``language_changed(code)`` after the
    interface was rebuilt in another language, ``closed`` when the window has closed."""

    meeting_opened = Signal(str)
    meeting_open_failed = Signal(object)
    closed = Signal()
    meetings_loaded = Signal()
    language_changed = Signal(str)

    def __init__(
        self,
        services: Services,
        tasks: BaseTaskRunner,
        language: LanguageManager | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.tasks = tasks
        self._language = language
        self.history = UndoHistory(services.execute)
        self.sync_scheduler = SyncScheduler(services, tasks, parent=self)
        self.context = WorkspaceContext(
            services=services,
            tasks=tasks,
            record=self.record,
            report=self.report,
            run_change=self.run_change,
            add_status_widget=self._add_workspace_status_widget,
            sync=self.sync_scheduler,
        )
        self.details: MeetingDetails | None = None
        self.workspace: MeetingWorkspace | None = None
        self._workspace_status_widgets: list[QWidget] = []
        self._changes_in_flight = 0
        self._last_organization = ""
        self.tasks.failed.connect(self._on_task_failed)

        self.save_state = SaveStateIndicator()
        self.message_label = QLabel()
        self.message_label.setObjectName("statusMessage")
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.save_state)
        self.sync_indicator = SyncIndicator()
        self.add_status_widget(self.sync_indicator)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)

        self.list_model = MeetingListModel(self)
        self.proxy_model = MeetingFilterProxyModel(self)
        self.proxy_model.setSourceModel(self.list_model)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)

        self._all_actions: list[QAction] = []
        self.language_actions: QActionGroup | None = None
        self._build_ui()
        self._restore_geometry()
        self.reload_meetings()
        self._start_sync()

    # Building (again after a language switch) -------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle("CivoDesk")
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list_page())
        self.workspace_holder = QStackedWidget()
        self.stack.addWidget(self.workspace_holder)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self._build_menus()
        self.save_state.retranslate()
        self._update_actions()

    def _build_list_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("meetingListPage")
        title = QLabel(_("Réunions"))
        title.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            _("Rechercher par titre, organisateur ou lieu (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(380)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.new_button = QPushButton(icon("new-light"), _("Nouvelle réunion"))
        self.new_button.setObjectName("newMeetingButton")
        self.new_button.setProperty("accent", True)
        self.new_button.setToolTip(_("Créer une réunion (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button = QPushButton(icon("open"), _("Ouvrir"))
        self.open_button.setObjectName("openMeetingButton")
        self.open_button.setToolTip(_("Ouvrir la réunion sélectionnée (Entrée)"))
        self.open_button.clicked.connect(self.open_selected_meeting)
        self.delete_button = QPushButton(icon("delete"), _("Supprimer"))
        self.delete_button.setObjectName("deleteMeetingButton")
        self.delete_button.setToolTip(_("Supprimer la réunion sélectionnée (Suppr)"))
        self.delete_button.clicked.connect(self.delete_selected_meeting)

        self.table = QTableView()
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.proxy_model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in (ORGANIZATION_COLUMN, PLACE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 230)
        for column in (DATE_COLUMN, STATUS_COLUMN, PEOPLE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        delete_in_table = QAction(self.table)
        delete_in_table.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_in_table.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_in_table.triggered.connect(self.delete_selected_meeting)
        self.table.addAction(delete_in_table)

        self.list_empty_state = EmptyState("meeting", "", "")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.list_empty_state)
        self.count_label = QLabel()
        self.count_label.setObjectName("secondaryText")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search_edit)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.delete_button)
        card = QFrame()
        card.setObjectName("listCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.list_stack)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(card, 1)
        layout.addLayout(bottom)
        return page

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        object_name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                _("{action} ({shortcut})").format(
                    action=text.replace("…", ""),
                    shortcut=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        for action in self._all_actions:  # rebuilt after a language switch
            self.removeAction(action)
            action.deleteLater()
        if self.language_actions is not None:
            self.language_actions.deleteLater()
        self.new_action = self._action(
            _("Nouvelle réunion…"),
            self.new_meeting,
            QKeySequence.StandardKey.New,
            "new",
            "newAction",
        )
        self.open_action = self._action(
            _("Ouvrir la réunion"), self.open_selected_meeting, None, "open", "openAction"
        )
        self.delete_action = self._action(
            _("Supprimer la réunion…"), self.delete_selected_meeting, None, "delete", "deleteAction"
        )
        self.quit_action = self._action(
            _("Quitter"), self.close, QKeySequence.StandardKey.Quit, "quit", "quitAction"
        )
        self.undo_action = self._action(_("Annuler"), self.undo, "Ctrl+Z", "undo", "undoAction")
        self.redo_action = self._action(
            _("Rétablir"), self.redo, "Ctrl+Shift+Z", "redo", "redoAction"
        )
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.find_action = self._action(
            _("Rechercher une réunion"),
            self.focus_search,
            QKeySequence.StandardKey.Find,
            "search",
            "findAction",
        )
        self.edit_meeting_action = self._action(
            _("Modifier la réunion…"), self.edit_meeting, "Ctrl+E", "edit", "editMeetingAction"
        )
        self.start_meeting_action = self._action(
            _("Ouvrir la séance"), self.start_meeting, None, "open", "startMeetingAction"
        )
        self.close_meeting_action = self._action(
            _("Clore la réunion…"), self.close_meeting, None, "lock", "closeMeetingAction"
        )
        self.reopen_meeting_action = self._action(
            _("Rouvrir la réunion…"), self.reopen_meeting, None, "unlock", "reopenMeetingAction"
        )
        self.back_action = self._action(
            _("Retour à la liste des réunions"),
            self.show_meeting_list,
            "Alt+Left",
            "back",
            "backAction",
        )
        self.page_actions: list[QAction] = []
        for index, stage in enumerate(STAGES):
            action = self._action(
                _(stage.label),
                partial(self.show_page, index),
                stage_shortcut(index),
                stage.icon_name,
                f"{stage.key}PageAction",
            )
            self.page_actions.append(action)
        language_actions = QActionGroup(self)
        language_actions.setExclusive(True)
        for code, name in LANGUAGES:
            action = QAction(name, self)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _checked=False, code=code: self.switch_language(code))
            language_actions.addAction(action)
        self.language_actions = language_actions
        self._all_actions = [
            self.new_action, self.open_action, self.delete_action, self.quit_action,
            self.undo_action, self.redo_action, self.find_action, self.edit_meeting_action,
            self.start_meeting_action, self.close_meeting_action, self.reopen_meeting_action,
            self.back_action, *self.page_actions,
        ]  # fmt: skip
        for action in self._all_actions:
            self.addAction(action)  # shortcuts work even when the menu bar is hidden

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for menu in bar.findChildren(QMenu):
            menu.deleteLater()
        bar.clear()
        file_menu = bar.addMenu(_("&Fichier"))
        file_menu.addActions([self.new_action, self.open_action, self.delete_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(_("&Édition"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.edit_meeting_action, self.find_action])
        meeting_menu = bar.addMenu(_("&Réunion"))
        meeting_menu.addActions(self.page_actions)
        meeting_menu.addSeparator()
        meeting_menu.addActions(
            [self.start_meeting_action, self.close_meeting_action, self.reopen_meeting_action]
        )
        meeting_menu.addSeparator()
        meeting_menu.addAction(self.back_action)
        view_menu = bar.addMenu(_("&Affichage"))
        language_menu = view_menu.addMenu(icon("language"), _("Langue"))
        language_menu.setObjectName("languageMenu")
        if self.language_actions is not None:
            language_menu.addActions(self.language_actions.actions())

    # Status bar --------------------------------------------------------------------------------

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent widget at the right of the status bar, before the save state (for sync)."""
        bar = self.statusBar()
        bar.removeWidget(self.save_state)
        bar.addPermanentWidget(widget)
        bar.addPermanentWidget(self.save_state)
        self.save_state.show()

    def _add_workspace_status_widget(self, widget: QWidget) -> None:
        self.add_status_widget(widget)
        self._workspace_status_widgets.append(widget)

    def report(self, message: str, is_error: bool = False) -> None:
        self.message_label.setText(message)
        self.message_label.setProperty("error", is_error)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self._message_timer.start(STATUS_MESSAGE_MS * (2 if is_error else 1))

    def _on_task_failed(self, error: BaseException) -> None:
        self.report(str(error) or type(error).__name__, is_error=True)

    # Changes, undo and redo ------------------------------------------------------------------------

    def run_change(
        self,
        fn: Callable[..., ChangeSet],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run a mutating service call on the database thread and record what it changed."""
        self._begin_change()

        def done(change: ChangeSet) -> None:
            self._end_change()
            self.record(change)
            if on_done is not None:
                on_done(change)

        def failed(error: BaseException) -> None:
            self._end_change()
            self._change_failed(error)
            if on_error is not None:
                on_error(error)

        self.tasks.submit_db(fn, *args, on_done=done, on_error=failed)

    def record(self, change: ChangeSet) -> None:
        """A change was committed: keep it for undo, say it is saved, refresh what it touched."""
        if change.undoable:
            self.tasks.submit_db(
                self.history.record, change, on_done=lambda _result: self._update_actions()
            )
        if change.event_count:
            self.save_state.show_saved(datetime.now())
            self.sync_scheduler.local_change()
        self._refresh(change)

    def undo(self) -> None:
        if self.history.undo_label is not None:
            self._replay(self.history.undo)

    def redo(self) -> None:
        if self.history.redo_label is not None:
            self._replay(self.history.redo)

    def _replay(self, step: Callable[[], ChangeSet | None]) -> None:
        self._begin_change()

        def done(change: ChangeSet | None) -> None:
            self._end_change()
            self._update_actions()
            if change is not None:
                if change.event_count:
                    self.save_state.show_saved(datetime.now())
                    self.sync_scheduler.local_change()
                self._refresh(change)

        def failed(error: BaseException) -> None:
            self._end_change()
            self._change_failed(error)

        self.tasks.submit_db(step, on_done=done, on_error=failed)

    def _begin_change(self) -> None:
        self._changes_in_flight += 1
        self.save_state.show_saving()

    def _end_change(self) -> None:
        self._changes_in_flight -= 1
        if not self._changes_in_flight:
            self.save_state.settle()

    def _change_failed(self, error: BaseException) -> None:
        message = str(error) or type(error).__name__
        self.save_state.show_error(message)
        self.report(message, is_error=True)
        self._update_actions()

    def _refresh(self, change: ChangeSet) -> None:
        if change.topics & {"meetings", "meeting"}:
            self.reload_meetings()
        if self.details is not None and change.meeting_id == self.details.id and change.topics:
            self._load_meeting(self.details.id, change.topics)

    # Meetings list -------------------------------------------------------------------------------

    def reload_meetings(self) -> None:
        self.tasks.submit_db(self.services.meetings.list_meetings, on_done=self._on_meetings_loaded)

    def _on_meetings_loaded(self, meetings: Sequence[MeetingSummary]) -> None:
        selected = self.selected_meeting_id()
        self.list_model.set_rows(meetings)
        if meetings:
            self._last_organization = meetings[0].organization
        self._select_meeting(selected)
        self._update_list_state()
        self.meetings_loaded.emit()

    def _apply_search(self) -> None:
        self.proxy_model.set_search(self.search_edit.text())
        self._update_list_state()

    def _on_search_return_pressed(self) -> None:
        self._search_timer.stop()
        self._apply_search()
        if self.proxy_model.rowCount() == 1:
            self.open_meeting(self.proxy_model.index(0, 0).data(MEETING_ID_ROLE))
        elif self.proxy_model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _update_list_state(self) -> None:
        shown, total = self.proxy_model.rowCount(), self.list_model.rowCount()
        if not total:
            self.list_empty_state.set_text(
                _("Aucune réunion pour l'instant"),
                _("Créez votre première réunion avec « Nouvelle réunion » (Ctrl+N)."),
            )
        elif not shown:
            self.list_empty_state.set_text(
                _("Aucune réunion ne correspond à « {search} »").format(
                    search=self.search_edit.text().strip()
                ),
                _("Vérifiez l'orthographe ou effacez la recherche (Échap)."),
            )
        self.list_stack.setCurrentIndex(0 if shown else 1)
        if self.proxy_model.searching:
            text = ngettext(
                "{shown} réunion sur {total}", "{shown} réunions sur {total}", shown
            ).format(shown=shown, total=total)
        else:
            text = ngettext("{total} réunion", "{total} réunions", total).format(total=total)
        self.count_label.setText(text)
        self._update_actions()

    def selected_meeting_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MEETING_ID_ROLE) if rows else None

    def _select_meeting(self, meeting_id: str | None) -> None:
        row = self.list_model.row_of(meeting_id) if meeting_id else None
        if row is None:
            return
        index = self.proxy_model.mapFromSource(self.list_model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_meeting(index.data(MEETING_ID_ROLE))

    def focus_search(self) -> None:
        self.show_meeting_list()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def keyPressEvent(self, event: Any) -> None:
        if (
            event.key() == Qt.Key.Key_Escape
            and self.stack.currentIndex() == LIST_PAGE
            and self.search_edit.text()
        ):
            self.search_edit.clear()
            return
        super().keyPressEvent(event)

    # Creating, editing, deleting ------------------------------------------------------------------

    def new_meeting(self) -> MeetingDialog:
        dialog = MeetingDialog(None, self._last_organization, self)
        dialog.accepted.connect(lambda: self._on_new_meeting_accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_new_meeting_accepted(self, dialog: MeetingDialog) -> None:
        fields = dialog.fields()
        agenda = [row.fields for row in dialog.agenda_rows()]
        self.run_change(
            self.services.meetings.create_meeting,
            fields,
            agenda,
            on_done=lambda change: self.open_meeting(change.meeting_id),
        )

    def edit_meeting(self) -> MeetingDialog | None:
        if self.details is None or self.details.is_read_only:
            return None
        details = self.details
        dialog = MeetingDialog(details, parent=self)
        dialog.accepted.connect(
            lambda: self._on_edit_accepted(details, dialog.fields(), dialog.agenda_rows())
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_edit_accepted(
        self, details: MeetingDetails, fields: MeetingFields, rows: list[AgendaRow]
    ) -> None:
        self._begin_change()

        def done(result: tuple[list[ChangeSet], Exception | None]) -> None:
            self._end_change()
            changes, error = result
            for change in changes:
                self.record(change)
            if error is not None:
                self._change_failed(error)

        def failed(error: BaseException) -> None:
            self._end_change()
            self._change_failed(error)

        self.tasks.submit_db(
            apply_meeting_edit, self.services, details, fields, rows, on_done=done, on_error=failed
        )

    def delete_selected_meeting(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None or self.stack.currentIndex() != LIST_PAGE:
            return
        row = self.list_model.row_of(meeting_id)
        title = self.list_model.meeting_at(row).title if row is not None else ""
        ask_confirmation(
            self,
            _("Supprimer la réunion"),
            _(
                "Supprimer « {title} » de la liste ? Son journal est conservé et vous pouvez "
                "annuler la suppression (Ctrl+Z)."
            ).format(title=title),
            _("Supprimer"),
            lambda: self.run_change(self.services.meetings.delete_meeting, meeting_id),
        )

    # The open meeting -------------------------------------------------------------------------------

    def open_selected_meeting(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is not None:
            self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: str, page: int = 0) -> None:
        """Show ``meeting_id`` in the workspace (details load on the database thread)."""
        self._pending_page = page
        self.tasks.submit_db(
            self.services.meetings.get_meeting,
            meeting_id,
            on_done=self._on_meeting_opened,
            on_error=self._on_meeting_failed,
        )

    def _on_meeting_opened(self, details: MeetingDetails) -> None:
        self._discard_workspace()
        self.workspace = MeetingWorkspace(self.context)
        self.workspace.back_requested.connect(self.show_meeting_list)
        self.workspace.edit_requested.connect(self.edit_meeting)
        self.workspace.reopen_requested.connect(self.reopen_meeting)
        self.workspace_holder.addWidget(self.workspace)
        self.workspace_holder.setCurrentWidget(self.workspace)
        self._show_details(details)
        self.workspace.show_page(self._pending_page)
        self.stack.setCurrentIndex(WORKSPACE_PAGE)
        self._update_actions()
        self.meeting_opened.emit(details.id)

    def _on_meeting_failed(self, error: BaseException) -> None:
        self.report(str(error), is_error=True)
        self.meeting_open_failed.emit(error)
        if isinstance(error, MeetingNotFoundError):
            self.show_meeting_list()
            self._discard_workspace()

    def _load_meeting(self, meeting_id: str, topics: frozenset[str]) -> None:
        def loaded(details: MeetingDetails) -> None:
            if self.workspace is not None and self.details and self.details.id == details.id:
                self._show_details(details)
                self.workspace.refresh(topics)

        self.tasks.submit_db(
            self.services.meetings.get_meeting,
            meeting_id,
            on_done=loaded,
            on_error=self._on_meeting_failed,
        )

    def _show_details(self, details: MeetingDetails) -> None:
        self.details = details
        if self.workspace is not None:
            self.workspace.set_meeting(details)
        self.setWindowTitle(_("{title} — CivoDesk").format(title=details.fields.title))
        self._update_actions()

    def _discard_workspace(self) -> None:
        for widget in self._workspace_status_widgets:
            self.statusBar().removeWidget(widget)
            widget.deleteLater()
        self._workspace_status_widgets.clear()
        if self.workspace is not None:
            self.workspace.shutdown()
            self.workspace_holder.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.details = None

    def show_meeting_list(self) -> None:
        self.stack.setCurrentIndex(LIST_PAGE)
        self.setWindowTitle("CivoDesk")
        self._update_actions()
        self.table.setFocus()

    def show_page(self, index: int) -> None:
        if self.workspace is not None:
            self.stack.setCurrentIndex(WORKSPACE_PAGE)
            self.workspace.show_page(index)
            self._update_actions()

    def start_meeting(self) -> None:
        if self.details is not None and self.details.status is MeetingStatus.DRAFT:
            self.run_change(self.services.meetings.open_meeting, self.details.id)

    def close_meeting(self) -> None:
        details = self.details
        if details is None or details.is_read_only:
            return
        ask_confirmation(
            self,
            _("Clore la réunion"),
            _(
                "Clore « {title} » ? Elle deviendra consultable seulement. La rouvrir restera "
                "possible, mais sera enregistrée dans le journal avec sa raison."
            ).format(title=details.fields.title),
            _("Clore la réunion"),
            lambda: self.run_change(self.services.meetings.close_meeting, details.id),
        )

    def reopen_meeting(self) -> ReopenDialog | None:
        details = self.details
        if details is None or not details.is_read_only:
            return None
        dialog = ReopenDialog(details.fields.title, self)
        dialog.accepted.connect(
            lambda: self.run_change(
                self.services.meetings.reopen_meeting, details.id, dialog.reason()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _update_actions(self) -> None:
        if not hasattr(self, "undo_action"):
            return
        in_workspace = self.stack.currentIndex() == WORKSPACE_PAGE and self.details is not None
        details = self.details if in_workspace else None
        editable = details is not None and not details.is_read_only
        has_selection = self.selected_meeting_id() is not None
        on_list = self.stack.currentIndex() == LIST_PAGE
        self.open_action.setEnabled(on_list and has_selection)
        self.open_button.setEnabled(has_selection)
        self.delete_action.setEnabled(on_list and has_selection)
        self.delete_button.setEnabled(has_selection)
        self.edit_meeting_action.setEnabled(editable)
        self.start_meeting_action.setEnabled(
            details is not None and details.status is MeetingStatus.DRAFT
        )
        self.close_meeting_action.setEnabled(editable)
        self.reopen_meeting_action.setEnabled(details is not None and details.is_read_only)
        self.back_action.setEnabled(in_workspace)
        for action in self.page_actions:
            action.setEnabled(self.workspace is not None)
        undo_label, redo_label = self.history.undo_label, self.history.redo_label
        self.undo_action.setEnabled(undo_label is not None)
        self.undo_action.setText(
            _("Annuler « {label} »").format(label=undo_label) if undo_label else _("Annuler")
        )
        self.redo_action.setEnabled(redo_label is not None)
        self.redo_action.setText(
            _("Rétablir « {label} »").format(label=redo_label) if redo_label else _("Rétablir")
        )

    # Sync ------------------------------------------------------------------------------------------

    def _start_sync(self) -> None:
        """Sync for the whole session: after local changes, periodically, when the network returns."""
        scheduler = self.sync_scheduler
        scheduler.status_changed.connect(self.sync_indicator.show_status)
        scheduler.sync_started.connect(partial(self.sync_indicator.set_running, True))
        scheduler.sync_finished.connect(self._on_sync_finished)
        scheduler.start()

    def _on_sync_finished(self, report: Any) -> None:
        """``report`` is a ``SyncReport`` (None when another sync held the database)."""
        self.sync_indicator.set_running(False)
        if report is None:
            return
        if report.ingested:  # other desks' events arrived: every view may have something new
            self.reload_meetings()
            if self.details is not None:
                self._load_meeting(self.details.id, PULLED_TOPICS)
        if report.outcome.value == "unauthorized":  # SyncOutcome, not imported at start-up
            self.report(report.message, is_error=True)

    # Language ----------------------------------------------------------------------------------------

    def switch_language(self, language: str) -> None:
        """Apply and remember ``language``, then rebuild every text of the window in it."""
        if self._language is not None:
            self._language.choose(language)
        meeting_id = self.details.id if self.details else None
        page = self.workspace.current_index if self.workspace else 0
        on_workspace = self.stack.currentIndex() == WORKSPACE_PAGE
        search = self.search_edit.text()
        self._discard_workspace()
        self._build_ui()
        self.search_edit.setText(search)
        self._apply_search()
        self.list_model.layoutChanged.emit()  # headers, dates and statuses in the new language
        if meeting_id is not None:
            self.open_meeting(meeting_id, page)
            if not on_workspace:
                self.meeting_opened.connect(self._return_to_list_once)
        self.sync_scheduler.refresh_status()  # the indicator speaks the new language
        self.language_changed.emit(language)

    def _return_to_list_once(self) -> None:
        self.meeting_opened.disconnect(self._return_to_list_once)
        self.show_meeting_list()

    # Window state ------------------------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        settings = self._settings()
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_scheduler.stop()  # a sync waiting in backoff gives up; closing never waits
        settings = self._settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()
        self._discard_workspace()
        super().closeEvent(event)
        self.closed.emit()
