"""The main window: the meetings list, the workspace of the open meeting, menus and status bar.

Every service call goes through the task runner; mutations go through ``ChangeRunner``
(``change_runner``), whose ``ChangeSet`` results this window turns into view refreshes. The list of
meetings is ``ui.meetings.meeting_list_view``, the actions and menus ``window_actions``, and the
saved geometry ``window_geometry``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from civodesk.changes import ChangeSet
from civodesk.devices.naming import DeskNaming
from civodesk.i18n import _
from civodesk.meetings.guards import MeetingNotFoundError
from civodesk.meetings.meeting import MeetingDetails, MeetingFields, MeetingStatus, MeetingSummary
from civodesk.services import Services
from civodesk.undo import LIST_SCOPE, UndoHistory
from ui.meetings.agenda_model import AgendaRow
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.meeting_edits import apply_meeting_edit
from ui.meetings.meeting_list_model import MeetingFilterProxyModel, MeetingListModel
from ui.meetings.meeting_list_view import MeetingListView
from ui.meetings.reopen_dialog import ReopenDialog
from ui.projector.projector_controller import ProjectorController
from ui.shell.change_bridge import ChangeBridge
from ui.shell.change_runner import ChangeRunner
from ui.shell.desk_name_dialog import DeskNameDialog
from ui.shell.language import LanguageManager
from ui.shell.meeting_workspace import MeetingWorkspace
from ui.shell.tasks import BaseTaskRunner
from ui.shell.window_actions import ActionState, WindowActions, WindowSlots
from ui.shell.window_geometry import restore_geometry, save_geometry
from ui.shell.workspace_context import WorkspaceContext
from ui.sync.indicator import SyncIndicator
from ui.sync.scheduler import PULLED_TOPICS, SyncScheduler
from ui.widgets.confirmation import ask_confirmation
from ui.widgets.save_state import SaveStateIndicator

LIST_PAGE, WORKSPACE_PAGE = 0, 1
LIST_TOPICS = frozenset({"meetings", "meeting", "participants"})
"""Changes the meetings list shows (a meeting's fields, status, number of registered)."""
DETAILS_TOPICS = frozenset({"meeting", "meetings", "agenda", "status"})
"""Changes that the open meeting's details (title, status, agenda) show."""
STATUS_MESSAGE_MS = 6000


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
        self.save_state = SaveStateIndicator()
        self.change_bridge = ChangeBridge(tasks.writer.bus, self)
        self.changes = ChangeRunner(
            tasks, self.change_bridge, self.history, self.save_state, self.sync_scheduler, self
        )
        self.changes.changed.connect(self._refresh)
        self.changes.failed.connect(self._on_change_failed)
        self.changes.history_changed.connect(self._update_actions)
        self.context = WorkspaceContext(
            services=services,
            tasks=tasks,
            record=self.changes.record,
            report=self.report,
            run_change=self.changes.run_change,
            add_status_widget=self._add_workspace_status_widget,
            sync=self.sync_scheduler,
            undo=self.undo,
        )
        self.details: MeetingDetails | None = None
        self.workspace: MeetingWorkspace | None = None
        self._workspace_status_widgets: list[QWidget] = []
        self._last_organization = ""
        self.tasks.failed.connect(self._on_task_failed)

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

        self._slots = WindowSlots(
            new_meeting=self.new_meeting,
            open_meeting=self.open_selected_meeting,
            delete_meeting=self.delete_selected_meeting,
            quit=self.close,
            undo=self.undo,
            redo=self.changes.redo,
            find=self.focus_search,
            edit_meeting=self.edit_meeting,
            start_meeting=self.start_meeting,
            close_meeting=self.close_meeting,
            reopen_meeting=self.reopen_meeting,
            back=self.show_meeting_list,
            show_page=self.show_page,
            switch_language=self.switch_language,
            name_desk=self.name_desk,
        )
        self.menu_actions: WindowActions | None = None
        self.projector = ProjectorController(services, tasks, self)
        self._build_ui()
        restore_geometry(self)
        self.reload_meetings()
        self._start_sync()

    # Building (again after a language switch) -------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle("CivoDesk")
        self.stack = QStackedWidget()
        self.meeting_list = MeetingListView(self.list_model, self.proxy_model)
        self.meeting_list.open_requested.connect(self.open_meeting)
        self.meeting_list.new_requested.connect(self.new_meeting)
        self.meeting_list.delete_requested.connect(self.delete_selected_meeting)
        self.meeting_list.selection_changed.connect(self._update_actions)
        self.stack.addWidget(self.meeting_list)
        self.workspace_holder = QStackedWidget()
        self.stack.addWidget(self.workspace_holder)
        self.setCentralWidget(self.stack)
        if self.menu_actions is not None:
            self.menu_actions.remove()
        self.menu_actions = WindowActions(self, self._slots)
        self.menu_actions.build_menus()
        self.projector.install_menu(self.menuBar())
        self.save_state.retranslate()
        self._update_actions()

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

    # Changes ------------------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last change made here (this meeting, or the list); ask before it deletes."""
        label = self.history.undo_label
        if label is None:
            return

        def run() -> None:  # reported first, so a refusal (a final vote action) replaces it
            self.report(_("Annulé : « {label} »").format(label=label))
            self.changes.undo()

        if not self.history.undo_destroys:
            run()
            return
        ask_confirmation(
            self,
            _("Annuler « {label} »").format(label=label),
            _(
                "Annuler « {label} » supprime ce qui avait été créé. Vous pourrez le rétablir "
                "(Ctrl+Maj+Z)."
            ).format(label=label),
            _("Annuler « {label} »").format(label=label),
            run,
        )

    def _on_change_failed(self, message: str) -> None:
        self.report(message, is_error=True)
        self._update_actions()

    def _refresh(self, change: ChangeSet) -> None:
        """A committed change, from the change bus: the views update what it names."""
        self.projector.apply_change(change)
        if change.topics & LIST_TOPICS:
            if change.knows_ids("meetings"):
                self._update_meetings(change.ids("meetings"))
            else:
                self.reload_meetings()
        if self.details is None or change.meeting_id != self.details.id or not change.topics:
            return
        if change.topics & DETAILS_TOPICS:
            self._load_meeting(self.details.id, change)
        elif self.workspace is not None:
            self.workspace.apply_change(change)

    # Meetings list -------------------------------------------------------------------------------

    def reload_meetings(self) -> None:
        self.tasks.submit_db(self.services.meetings.list_meetings, on_done=self._on_meetings_loaded)

    def _update_meetings(self, meeting_ids: frozenset[str]) -> None:
        """Only the rows of these meetings, fetched again (or removed when deleted)."""
        self.tasks.submit_db(
            self.services.meetings.list_meetings,
            "",
            meeting_ids,
            on_done=lambda rows: self._on_meetings_updated(rows, meeting_ids),
        )

    def _on_meetings_updated(
        self, meetings: Sequence[MeetingSummary], meeting_ids: frozenset[str]
    ) -> None:
        self.list_model.update_rows(meetings, meeting_ids)
        self.meeting_list.update_state()
        self.meetings_loaded.emit()

    def _on_meetings_loaded(self, meetings: Sequence[MeetingSummary]) -> None:
        if meetings:
            self._last_organization = meetings[0].organization
        self.meeting_list.show_meetings(meetings)
        self.meetings_loaded.emit()

    def selected_meeting_id(self) -> str | None:
        return self.meeting_list.selected_meeting_id()

    def focus_search(self) -> None:
        """Ctrl+F: the search of the page in view (participants on Accueil), else the meetings'."""
        if self.stack.currentIndex() == WORKSPACE_PAGE and self.workspace is not None:
            page = self.workspace.page(self.workspace.current_index)
            focus = getattr(page, "focus_search", None)
            if callable(focus):
                focus()
                return
        self.show_meeting_list()
        self.meeting_list.focus_search()

    def keyPressEvent(self, event: Any) -> None:
        if (
            event.key() == Qt.Key.Key_Escape
            and self.stack.currentIndex() == LIST_PAGE
            and self.meeting_list.clear_search()
        ):
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
        self.changes.run_change(
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
        changes = self.changes
        changes.begin()

        def done(result: tuple[list[ChangeSet], Exception | None]) -> None:
            changes.end()
            recorded, error = result
            for change in recorded:
                changes.record(change)
            if error is not None:
                changes.fail(error)

        def failed(error: BaseException) -> None:
            changes.end()
            changes.fail(error)

        self.tasks.submit_db(
            apply_meeting_edit, self.services, details, fields, rows, on_done=done, on_error=failed
        )

    def delete_selected_meeting(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None or self.stack.currentIndex() != LIST_PAGE:
            return
        title = self.meeting_list.selected_title()
        ask_confirmation(
            self,
            _("Supprimer la réunion"),
            _(
                "Supprimer « {title} » de la liste ? Son journal est conservé et vous pouvez "
                "annuler la suppression (Ctrl+Z)."
            ).format(title=title),
            _("Supprimer"),
            lambda: self.changes.run_change(self.services.meetings.delete_meeting, meeting_id),
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
        self.history.scope = details.id
        self._update_actions()
        self.meeting_opened.emit(details.id)

    def _on_meeting_failed(self, error: BaseException) -> None:
        self.report(str(error), is_error=True)
        self.meeting_open_failed.emit(error)
        if isinstance(error, MeetingNotFoundError):
            self.show_meeting_list()
            self._discard_workspace()

    def _load_meeting(self, meeting_id: str, change: ChangeSet | frozenset[str]) -> None:
        """The meeting's details again, then the pages: one change, or every topic after a sync
        brought other desks' events."""

        def loaded(details: MeetingDetails) -> None:
            if self.workspace is not None and self.details and self.details.id == details.id:
                self._show_details(details)
                if isinstance(change, ChangeSet):
                    self.workspace.apply_change(change)
                else:
                    self.workspace.refresh(change)

        self.tasks.submit_db(
            self.services.meetings.get_meeting,
            meeting_id,
            on_done=loaded,
            on_error=self._on_meeting_failed,
        )

    def _show_details(self, details: MeetingDetails) -> None:
        self.details = details
        self.projector.set_meeting(details)
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
        self.history.scope = LIST_SCOPE
        self.setWindowTitle("CivoDesk")
        self._update_actions()
        self.meeting_list.table.setFocus()

    def show_page(self, index: int) -> None:
        if self.workspace is not None:
            self.stack.setCurrentIndex(WORKSPACE_PAGE)
            if self.details is not None:
                self.history.scope = self.details.id
            self.workspace.show_page(index)
            self._update_actions()

    def start_meeting(self) -> None:
        if self.details is not None and self.details.status is MeetingStatus.DRAFT:
            self.changes.run_change(self.services.meetings.open_meeting, self.details.id)

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
            lambda: self.changes.run_change(self.services.meetings.close_meeting, details.id),
        )

    def reopen_meeting(self) -> ReopenDialog | None:
        details = self.details
        if details is None or not details.is_read_only:
            return None
        dialog = ReopenDialog(details.fields.title, self)
        dialog.accepted.connect(
            lambda: self.changes.run_change(
                self.services.meetings.reopen_meeting, details.id, dialog.reason()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _update_actions(self) -> None:
        if self.menu_actions is None:
            return
        on_list = self.stack.currentIndex() == LIST_PAGE
        has_selection = self.selected_meeting_id() is not None
        self.meeting_list.set_selection_actions_enabled(has_selection)
        self.menu_actions.update(
            ActionState(
                on_list=on_list,
                in_workspace=self.stack.currentIndex() == WORKSPACE_PAGE
                and self.details is not None,
                has_selection=has_selection,
                details=self.details,
                has_workspace=self.workspace is not None,
                undo_label=self.history.undo_label,
                redo_label=self.history.redo_label,
            )
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

    def ask_desk_name_if_unchosen(self) -> None:
        """First run: ask once for the desk's name, prefilled with a suggestion (read off the GUI
        thread). Cancelling keeps the suggestion as the name; only closing the window before
        answering leaves the question for the next start."""
        self.tasks.submit_db(self.services.desk.naming, on_done=self._ask_first_desk_name)

    def _ask_first_desk_name(self, naming: DeskNaming) -> None:
        if naming.chosen:
            return
        dialog = DeskNameDialog(naming.suggestion, self, first_run=True)
        dialog.accepted.connect(
            lambda: self.changes.run_change(self.services.desk.rename_desk, dialog.name())
        )
        dialog.rejected.connect(
            lambda: self.changes.run_change(self.services.desk.rename_desk, naming.suggestion)
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.desk_name_dialog = dialog

    def name_desk(self) -> None:
        """Fichier ▸ Nom de ce poste…: the name other desks show for this one."""
        dialog = DeskNameDialog(self.services.desk.desk_name(), self)
        dialog.accepted.connect(
            lambda: self.changes.run_change(self.services.desk.rename_desk, dialog.name())
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.desk_name_dialog = dialog

    def switch_language(self, language: str) -> None:
        """Apply and remember ``language``, then rebuild every text of the window in it."""
        if self._language is not None:
            self._language.choose(language)
        meeting_id = self.details.id if self.details else None
        page = self.workspace.current_index if self.workspace else 0
        on_workspace = self.stack.currentIndex() == WORKSPACE_PAGE
        search = self.meeting_list.search_edit.text()
        self._discard_workspace()
        self._build_ui()
        self.meeting_list.search_edit.setText(search)
        self.meeting_list.apply_search()
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_scheduler.stop()  # a sync waiting in backoff gives up; closing never waits
        self.projector.shutdown()
        save_geometry(self)
        self.change_bridge.close()
        self._discard_workspace()
        super().closeEvent(event)
        self.closed.emit()
