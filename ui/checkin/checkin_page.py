"""Accueil: the check-in desk at the door of the meeting.

Scans come from a USB scanner typing like a keyboard (whatever has focus, its keys land in the
search field: ``TypingRedirect``), from the webcam (``CameraScanner``), from a typed manual code,
or from a name search; what Enter does with the search text is ``SearchEntry``. Every answer shows at once in the big banner; the attendance panel follows. All service
calls go through the task runner: the GUI thread never waits for the database, the PDF or a frame.

The page holds the search, the list and the scans; ``live_list`` keeps them current as changes
commit (the changed rows only). Its toolbar and action row are ``page_bars``, the camera card is
``camera_panel``, and the actions on the list
(``participant_actions``), on attendance (``attendance_actions``), on badges (``badge_actions``)
and on personal data (``personal_data_actions``) each have their own controller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.checkin.cancellation import CancelCheckIn
from civodesk.checkin.typed_entry import EntryKind, read_typed_entry
from civodesk.checkin.views import (
    AttendanceSummary,
    CheckinRow,
    ScanOutcome,
    ScanResult,
)
from civodesk.i18n import _
from civodesk.meetings.meeting import MeetingDetails
from ui.checkin.attendance_actions import AttendanceActions
from ui.checkin.attendance_panel import AttendancePanel
from ui.checkin.badge_actions import BadgeActions
from ui.checkin.camera_panel import CameraPanel
from ui.checkin.feedback_sound import FeedbackSound
from ui.checkin.live_list import LiveList
from ui.checkin.page_bars import ActionBar, CheckinToolbar
from ui.checkin.participant_actions import ParticipantActions
from ui.checkin.participant_table_model import CheckinTableModel
from ui.checkin.personal_data_actions import PersonalDataActions
from ui.checkin.result_banner import ResultBanner
from ui.checkin.search_entry import SearchEntry
from ui.checkin.typing_redirect import TypingRedirect
from ui.shell.icons import icon
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.empty_state import EmptyState

SEARCH_DELAY_MS = 120
SEARCH_LIMIT = 200


def shortened(text: str, limit: int = 40) -> str:
    """A typed text quoted back in a message, cut so a long one cannot widen the window."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CheckinPage(QWidget):
    """``result_shown`` is emitted once the banner shows a scan's answer (tests, benchmarks)."""

    result_shown = Signal(object)

    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.meeting: MeetingDetails | None = None
        self.read_only = False
        self.summary: AttendanceSummary | None = None
        self.sound = FeedbackSound(self)

        self.banner = ResultBanner()
        self.search = QLineEdit()
        self.search.setObjectName("checkinSearch")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setPlaceholderText(
            _("Rechercher un nom, ou taper un code manuel puis Entrée (F3)")
        )
        self.search.setMinimumHeight(36)
        self.model = CheckinTableModel(self)
        self.table = self._build_table()
        self.empty_state = EmptyState(
            "checkin",
            _("Aucun inscrit pour l'instant"),
            _(
                "Importez la liste d'inscription (Liste ▸ Importer une liste CSV…) ou inscrivez "
                "les personnes à leur arrivée avec « Inscrire sur place » (Ctrl+Maj+N)."
            ),
        )
        self.no_match = QLabel()
        self.no_match.setObjectName("secondaryText")
        self.no_match.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_state)

        self.attendance = AttendancePanel()
        self.camera_panel = CameraPanel(context.tasks, self)
        self.typing_redirect = TypingRedirect(self, self.search)
        self.entry = SearchEntry(self)
        self.results_text: str | None = None  # the search text the list shows results for
        self._undoable_entry: str | None = None  # whose check-in the banner offers to undo
        self.participants = ParticipantActions(self, context)
        self.attendance_actions = AttendanceActions(self, context)
        self.badges = BadgeActions(self, context)
        self.personal_data = PersonalDataActions(self, context)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_list_area())
        splitter.addWidget(self._build_side_area())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 320])
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.live = LiveList(
            context.services,
            context.tasks.writer.bus,
            SEARCH_LIMIT,
            self._reload,
            self.load_attendance,
            self._on_rows_changed,
            self,
        )
        self.search.textChanged.connect(self._search_timer.start)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.camera_panel.badge_seen.connect(lambda text: self.handle_scan(text, "camera"))
        self.banner.undo_requested.connect(self._undo_entry)
        self._install_shortcuts()
        self._update_actions()

    # Building ----------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("checkinTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(30)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        # The code and presence columns have one width whatever the row: sizing them on the rows
        # in view keeps a relayout from reading a thousand rows through Python (9 ms a scan).
        header.setResizeContentsPrecision(0)
        return table

    def _build_toolbar(self) -> QWidget:
        bar = CheckinToolbar(self)
        self.toolbar = bar
        # The page's names for the bar's widgets (its controllers and tests use them).
        self.walk_in_button, self.list_button = bar.walk_in_button, bar.list_button
        self.add_action, self.import_action = bar.add_action, bar.import_action
        self.print_action, self.proxy_action = bar.print_action, bar.proxy_action
        self.export_action, self.erase_action = bar.export_action, bar.erase_action
        self.purge_action, self.sound_check = bar.purge_action, bar.sound_check
        self.work_progress, self.work_label = bar.work_progress, bar.work_label
        self.sound_check.toggled.connect(self._on_sound_toggled)
        return bar

    def _build_list_area(self) -> QWidget:
        self.action_bar = ActionBar(self)
        bar = self.action_bar
        self.check_in_button, self.check_out_button = bar.check_in_button, bar.check_out_button
        self.proxy_button, self.badge_button = bar.proxy_button, bar.badge_button
        self.edit_button, self.remove_button = bar.edit_button, bar.remove_button
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.list_stack, 1)
        layout.addWidget(bar)
        return area

    def _build_side_area(self) -> QWidget:
        """The attendance card scrolls (it grows with the breakdown) so the page fits 1280×720;
        the presence button and the camera card stay in view below it."""
        side = QWidget()
        side.setMinimumWidth(280)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 8, 0, 0)
        self.presence_button = QPushButton(_("Présents à une heure…"))
        self.presence_button.setObjectName("presenceButton")
        self.presence_button.setToolTip(_("Qui était présent à un moment donné, pour un vote"))
        self.presence_button.clicked.connect(self.attendance_actions.open_presence)
        self.attendance_scroll = QScrollArea()
        self.attendance_scroll.setObjectName("attendanceScroll")
        self.attendance_scroll.setWidgetResizable(True)
        self.attendance_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.attendance_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attendance_scroll.setWidget(self.attendance)
        layout.addWidget(self.attendance_scroll, 1)
        layout.addWidget(self.presence_button)
        layout.addWidget(self.camera_panel)
        return side

    def _install_shortcuts(self) -> None:
        for sequence, slot in (
            ("F3", self.focus_search),
            ("Ctrl+Shift+N", self.participants.open_walk_in),
            ("Ctrl+B", self.badges.open_badge),
            ("Ctrl+Shift+P", self.badges.choose_badges_pdf),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.addAction(self.import_action)
        self.addAction(self.proxy_action)

    # Page contract -----------------------------------------------------------------------

    def set_meeting(self, details: MeetingDetails) -> None:
        changed = self.meeting is None or self.meeting.id != details.id
        self.meeting = details
        self.read_only = details.is_read_only
        if changed:
            self.search.clear()
            self.banner.show_idle()
        self._update_actions()
        self._reload()

    def refresh(self, topics: frozenset[str]) -> None:
        """Many changes at once (other desks' events arrived): reload the list and the counts."""
        self.live.refresh(topics)

    def apply_change(self, change: ChangeSet) -> None:
        """One committed change: just the rows it names (``LiveList``), then a recount."""
        if (
            self.meeting is not None
            and change.meeting_id == self.meeting.id
            and (
                not isinstance(change.undo, CancelCheckIn)
                or change.ids("checkin") != {self._undoable_entry}
            )
        ):
            self.banner.offer_undo(False)  # Ctrl+Z would now undo something else
        self.live.apply_change(change)

    def _on_rows_changed(self, rows: Sequence[CheckinRow], ids: frozenset[str]) -> None:
        """The new state of the changed rows that still match the search; the others go."""
        if self.meeting is None or self.live.shown != (self.meeting.id, self.search.text()):
            return  # the search moved on meanwhile: its own results are on their way
        with self.entry.quietly():  # rows changing under the selection are not a choice
            self.model.update_rows(rows, ids)
        if self.model.rowCount():
            self.list_stack.setCurrentIndex(0)
        self._update_actions()

    def shutdown(self) -> None:
        self.live.close()
        self.camera_panel.stop()
        self.typing_redirect.set_active(False)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.typing_redirect.set_active(True)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: Any) -> None:
        self.typing_redirect.set_active(False)
        self.camera_panel.switch_off()
        super().hideEvent(event)

    # Loading -----------------------------------------------------------------------------

    def _reload(self) -> None:
        self.run_search()
        self.load_attendance()

    def run_search(self, then: Callable[[Sequence[CheckinRow]], None] | None = None) -> None:
        """Search for the text typed; ``then`` gets the rows once shown (a badge is not searched)."""
        if self.meeting is None:
            return
        self._search_timer.stop()
        text = self.search.text()
        if read_typed_entry(text).kind == EntryKind.BADGE:
            return
        self.live.showing(self.meeting.id, text)

        def done(rows: Sequence[CheckinRow]) -> None:
            self._on_search_done(rows, text)
            if then is not None:
                then(rows)

        self._context.tasks.submit_db(
            self._context.services.checkin.search,
            self.meeting.id,
            text,
            SEARCH_LIMIT,
            on_done=done,
        )

    def _on_search_done(self, rows: Sequence[CheckinRow], text: str) -> None:
        selected = self.selected_row()
        with self.entry.quietly():
            self.model.set_rows(rows)
        self.results_text = text
        keep = next(
            (
                i
                for i, r in enumerate(rows)
                if selected and r.participant_id == selected.participant_id
            ),
            0,
        )
        self.entry.select_quietly(keep if rows else -1)
        registered = self.summary.registered if self.summary else len(rows)
        self.list_stack.setCurrentIndex(1 if registered == 0 and not rows else 0)
        if not rows and self.search.text().strip():
            self.no_match.setText(
                _("Personne ne correspond à « {text} ». Inscrire sur place : Ctrl+Maj+N.").format(
                    text=shortened(self.search.text().strip())
                )
            )
        elif len(rows) == SEARCH_LIMIT:
            self.no_match.setText(
                _("Les {count} premiers résultats : précisez la recherche.").format(
                    count=SEARCH_LIMIT
                )
            )
        else:
            self.no_match.clear()
        self.no_match.setVisible(bool(self.no_match.text()))
        self._update_actions()

    def load_attendance(self) -> None:
        if self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.checkin.attendance,
            self.meeting.id,
            on_done=self._on_attendance_loaded,
        )

    def _on_attendance_loaded(self, summary: AttendanceSummary) -> None:
        self.summary = summary
        self.attendance.set_summary(summary)
        if summary.registered == 0 and not self.search.text().strip():
            self.list_stack.setCurrentIndex(1)
        else:
            self.list_stack.setCurrentIndex(0)

    # Scans -------------------------------------------------------------------------------

    def handle_scan(self, text: str, method: str) -> None:
        """A badge was scanned (keyboard wedge, camera) or a manual code typed."""
        if self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.checkin.scan,
            self.meeting.id,
            text,
            method,
            on_done=self.show_result,
            on_error=self.on_scan_failed,
        )

    def show_result(self, result: ScanResult) -> None:
        self.banner.show_result(result)
        self.sound.play(result.outcome.value)
        if result.change is not None and result.change.undoable:
            self._context.record(result.change)
            self._undoable_entry = result.participant_id
            self.banner.offer_undo(True)
        if result.outcome == ScanOutcome.ACCEPTED and result.participant_id:
            self.model.mark_present(result.participant_id, True)
            if self.summary is not None:
                self.summary = replace(self.summary, present=self.summary.present + 1)
                self.attendance.set_summary(self.summary)
            self._update_actions()
        self.result_shown.emit(result)  # last: the banner is painted once all of this is done

    def _undo_entry(self) -> None:
        """The banner's "Annuler l'entrée": the same as Ctrl+Z right after the check-in."""
        self.banner.offer_undo(False)
        self._undoable_entry = None
        self._context.undo()

    def on_scan_failed(self, error: BaseException) -> None:
        """The database refused a scan or a walk-in (not a refused badge: that is a result)."""
        self.banner.show_message(ScanOutcome.REFUSED, _("Erreur"), str(error))
        self.sound.play("refused")

    def selected_row(self) -> CheckinRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def check_in_selected(self) -> None:
        """The "Enregistrer l'entrée" button: the highlighted row, which the user sees."""
        row = self.selected_row()
        if row is not None:
            self.admit(row)

    def admit(self, row: CheckinRow) -> None:
        """Check in a person the user chose (button, picked row, or a confirmed single match)."""
        if self.meeting is None or self.read_only:
            return
        self._context.tasks.submit_db(
            self._context.services.checkin.check_in,
            self.meeting.id,
            row.participant_id,
            "search",
            on_done=self._after_search_check_in,
            on_error=self.on_scan_failed,
        )

    def _after_search_check_in(self, result: ScanResult) -> None:
        self.show_result(result)
        self.search.selectAll()

    def check_out_selected(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None:
            return
        self._context.run_change(
            self._context.services.checkin.check_out,
            self.meeting.id,
            row.participant_id,
            on_done=lambda _change: self.banner.show_message(
                ScanOutcome.DUPLICATE, row.display_name, _("Départ enregistré. À bientôt !")
            ),
        )

    # Dialogs -----------------------------------------------------------------------------

    def on_work_failed(self, error: BaseException) -> None:
        """Printing or exporting failed: the progress bar goes, the reason shows."""
        self.work_progress.hide()
        self.work_label.clear()
        self._context.report(str(error), is_error=True)

    # Camera, sound, state ----------------------------------------------------------------

    def _on_sound_toggled(self, checked: bool) -> None:
        self.sound.enabled = checked

    def focus_search(self) -> None:
        """F3 and Ctrl+F: the participants' search."""
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.toolbar.update_state(row, self.meeting is not None, self.read_only)
        self.action_bar.update_state(row, self.meeting is not None, self.read_only)
