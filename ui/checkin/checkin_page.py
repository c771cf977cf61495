"""Accueil: the check-in desk at the door of the meeting.

Scans come from a USB scanner typing like a keyboard (caught anywhere in the window by
``ScanCatcher``), from the webcam (``CameraScanner``), from a typed manual code, or from a name
search. Every answer shows at once in the big banner; the attendance panel follows. All service
calls go through the task runner: the GUI thread never waits for the database, the PDF or a frame.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.checkin.admission import WalkInResult
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.checkin.views import (
    AttendanceSummary,
    BadgeView,
    CheckinRow,
    ScanOutcome,
    ScanResult,
)
from civodesk.documents.badges import Layout, write_badges_pdf
from civodesk.i18n import _
from civodesk.meetings.meeting import MeetingDetails
from civodesk.participants.participant import PARTICIPANT_FIELD_NAMES, ParticipantView
from ui.checkin.attendance_panel import AttendancePanel
from ui.checkin.badge_dialog import BadgeDialog
from ui.checkin.camera_scanner import CameraScanner
from ui.checkin.feedback_sound import FeedbackSound
from ui.checkin.import_wizard import ImportWizard
from ui.checkin.participant_dialog import ParticipantDialog
from ui.checkin.participant_table_model import CheckinTableModel
from ui.checkin.presence_dialog import PresenceDialog
from ui.checkin.proxy_dialog import ProxyDialog
from ui.checkin.result_banner import ResultBanner
from ui.checkin.scan_catcher import ScanCatcher
from ui.shell.icons import icon
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.confirmation import ask_confirmation
from ui.widgets.empty_state import EmptyState

SEARCH_DELAY_MS = 120
REFRESH_DELAY_MS = 250
REFRESH_AFTER_SCAN_MS = 1500  # during a queue at the door, reload once it pauses
SEARCH_LIMIT = 200
PERSONAL_TOPICS = frozenset({"participants", "attendance", "checkin", "badges"})


class ProgressRelay(QObject):
    """Carries progress from a worker thread to the GUI thread (queued signal)."""

    progressed = Signal(int)


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
        self.camera = CameraScanner(context.tasks, self)
        self.scan_catcher = ScanCatcher(self)

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
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._reload)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.table.activated.connect(lambda _index: self.check_in_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.scan_catcher.scanned.connect(lambda text: self.handle_scan(text, "qr"))
        self.camera.badge_seen.connect(lambda text: self.handle_scan(text, "camera"))
        self.camera.status_changed.connect(self.camera_status.setText)
        self._media_devices = QMediaDevices(self)
        self._media_devices.videoInputsChanged.connect(self._list_cameras)
        self._install_shortcuts()
        self._list_cameras()
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
        return table

    def _button(self, text: str, name: str, slot: Any, icon_name: str = "") -> QPushButton:
        button = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build_toolbar(self) -> QWidget:
        self.walk_in_button = self._button(
            _("Inscrire sur place"), "walkInButton", self.open_walk_in, "add"
        )
        self.walk_in_button.setToolTip(
            _("Inscrire une personne venue sans inscription (Ctrl+Maj+N)")
        )
        self.list_button = QToolButton()
        self.list_button.setObjectName("listMenuButton")
        self.list_button.setText(_("Liste"))
        self.list_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.list_button)
        self.add_action = QAction(_("Ajouter un participant…"), self)
        self.add_action.triggered.connect(self.open_add)
        self.import_action = QAction(_("Importer une liste CSV…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import)
        self.print_action = QAction(_("Imprimer les badges…"), self)
        self.print_action.triggered.connect(self.choose_badges_pdf)
        self.export_action = QAction(_("Exporter les données de la personne…"), self)
        self.export_action.triggered.connect(self.choose_export_path)
        self.purge_action = QAction(_("Effacer les données personnelles…"), self)
        self.purge_action.triggered.connect(self.confirm_purge)
        for action in (self.add_action, self.import_action, self.print_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.purge_action)
        self.list_button.setMenu(menu)
        self.sound_check = QCheckBox(_("Son"))
        self.sound_check.setObjectName("soundCheck")
        self.sound_check.setToolTip(_("Un bip différent pour une entrée, un doublon ou un refus"))
        self.sound_check.toggled.connect(self._on_sound_toggled)
        self.work_progress = QProgressBar()
        self.work_progress.setMaximumWidth(200)
        self.work_progress.hide()
        self.work_label = QLabel()
        self.work_label.setObjectName("secondaryText")
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 6)
        row.addWidget(self.walk_in_button)
        row.addWidget(self.list_button)
        row.addStretch(1)
        row.addWidget(self.work_label)
        row.addWidget(self.work_progress)
        row.addWidget(self.sound_check)
        return bar

    def _build_list_area(self) -> QWidget:
        self.check_in_button = self._button(
            _("Enregistrer l'entrée"), "checkInButton", self.check_in_selected
        )
        self.check_in_button.setToolTip(_("Entrée dans la recherche ou sur la ligne choisie"))
        self.check_out_button = self._button(_("Départ"), "checkOutButton", self.check_out_selected)
        self.check_out_button.setToolTip(_("La personne quitte la réunion (avant un vote)"))
        self.proxy_button = self._button(_("Procuration…"), "proxyButton", self.open_proxies)
        self.badge_button = self._button(_("Badge…"), "badgeButton", self.open_badge)
        self.badge_button.setToolTip(_("Afficher, imprimer ou réémettre le badge (Ctrl+B)"))
        self.edit_button = self._button(_("Modifier…"), "editButton", self.open_edit, "edit")
        self.remove_button = self._button(
            _("Retirer"), "removeButton", self.confirm_remove, "delete"
        )
        buttons = QHBoxLayout()
        for button in (
            self.check_in_button,
            self.check_out_button,
            self.proxy_button,
            self.badge_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.list_stack, 1)
        layout.addLayout(buttons)
        return area

    def _build_side_area(self) -> QWidget:
        camera_card = QFrame()
        camera_card.setObjectName("card")
        title = QLabel(_("Caméra"))
        title.setObjectName("sectionTitle")
        self.camera_choice = QComboBox()
        self.camera_choice.setObjectName("cameraChoice")
        self.camera_choice.setAccessibleName(_("Caméra"))
        self.camera_button = QPushButton(_("Activer la caméra"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._on_camera_toggled)
        self.camera_status = QLabel()
        self.camera_status.setObjectName("cameraStatus")
        self.camera_status.setWordWrap(True)
        camera_layout = QVBoxLayout(camera_card)
        camera_layout.addWidget(title)
        camera_layout.addWidget(self.camera_choice)
        camera_layout.addWidget(self.camera_button)
        camera_layout.addWidget(self.camera_status)
        side = QWidget()
        side.setMinimumWidth(280)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 8, 0, 0)
        self.presence_button = QPushButton(_("Présents à une heure…"))
        self.presence_button.setObjectName("presenceButton")
        self.presence_button.setToolTip(_("Qui était présent à un moment donné, pour un vote"))
        self.presence_button.clicked.connect(self.open_presence)
        layout.addWidget(self.attendance, 1)
        layout.addWidget(self.presence_button)
        layout.addWidget(camera_card)
        return side

    def _install_shortcuts(self) -> None:
        for sequence, slot in (
            ("F3", self._focus_search),
            ("Ctrl+Shift+N", self.open_walk_in),
            ("Ctrl+B", self.open_badge),
            ("Ctrl+Shift+P", self.choose_badges_pdf),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.addAction(self.import_action)

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
        if topics & PERSONAL_TOPICS:
            self._refresh_timer.start(REFRESH_DELAY_MS)

    def shutdown(self) -> None:
        self.camera.stop()
        self.scan_catcher.set_active(False)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.scan_catcher.set_active(True)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: Any) -> None:
        self.scan_catcher.set_active(False)
        self.camera_button.setChecked(False)
        super().hideEvent(event)

    # Loading -----------------------------------------------------------------------------

    def _reload(self) -> None:
        self.run_search()
        self.load_attendance()

    def run_search(self) -> None:
        if self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.checkin.search,
            self.meeting.id,
            self.search.text(),
            SEARCH_LIMIT,
            on_done=self._on_search_done,
        )

    def _on_search_done(self, rows: Sequence[CheckinRow]) -> None:
        selected = self.selected_row()
        self.model.set_rows(rows)
        keep = next(
            (
                i
                for i, r in enumerate(rows)
                if selected and r.participant_id == selected.participant_id
            ),
            0,
        )
        if rows:
            self.table.selectRow(keep)
        registered = self.summary.registered if self.summary else len(rows)
        self.list_stack.setCurrentIndex(1 if registered == 0 and not rows else 0)
        if not rows and self.search.text().strip():
            self.no_match.setText(
                _("Personne ne correspond à « {text} ». Inscrire sur place : Ctrl+Maj+N.").format(
                    text=self.search.text().strip()
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
            on_error=self._on_scan_failed,
        )

    def show_result(self, result: ScanResult) -> None:
        self.banner.show_result(result)
        self.sound.play(result.outcome.value)
        self.result_shown.emit(result)
        if result.outcome == ScanOutcome.ACCEPTED and result.participant_id:
            self.model.mark_present(result.participant_id, True)
            if self.summary is not None:
                self.summary = replace(self.summary, present=self.summary.present + 1)
                self.attendance.set_summary(self.summary)
            self._update_actions()
        self._refresh_timer.start(REFRESH_AFTER_SCAN_MS)

    def _on_scan_failed(self, error: BaseException) -> None:
        self.banner.show_message(ScanOutcome.REFUSED, _("Erreur"), str(error))
        self.sound.play("refused")

    def _on_search_return_pressed(self) -> None:
        text = self.search.text()
        if normalize_manual_code(text) is not None and not self._search_matches_names():
            self.handle_scan(text, "code")
            self.search.clear()
            return
        self.check_in_selected()

    def _search_matches_names(self) -> bool:
        return any(
            row is not None and row.manual_code != normalize_manual_code(self.search.text())
            for row in (self.model.row_at(i) for i in range(self.model.rowCount()))
        )

    def selected_row(self) -> CheckinRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def check_in_selected(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.checkin.check_in,
            self.meeting.id,
            row.participant_id,
            "search",
            on_done=self._after_search_check_in,
            on_error=self._on_scan_failed,
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

    def open_walk_in(self) -> None:
        if self.meeting is None or self.read_only:
            return
        dialog = ParticipantDialog("walk_in", self)
        query = self.search.text().strip()
        if query and normalize_manual_code(query) is None:
            words = query.split()
            dialog.first_name.setText(words[0].capitalize())
            dialog.last_name.setText(" ".join(words[1:]))
        dialog.accepted.connect(lambda: self._register_walk_in(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.walk_in_dialog = dialog

    def _register_walk_in(self, dialog: ParticipantDialog) -> None:
        assert self.meeting is not None
        self._context.tasks.submit_db(
            self._context.services.checkin.register_walk_in,
            self.meeting.id,
            dialog.fields(),
            dialog.consent_purpose(),
            on_done=self._on_walk_in_registered,
            on_error=self._on_scan_failed,
        )

    def _on_walk_in_registered(self, result: WalkInResult) -> None:
        self._context.record(result.change)
        self.search.clear()
        self.show_result(result.scan)
        self.show_badge(result.badge)

    def open_add(self) -> None:
        if self.meeting is None or self.read_only:
            return
        dialog = ParticipantDialog("add", self)
        dialog.accepted.connect(lambda: self._add(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.add_dialog = dialog

    def _add(self, dialog: ParticipantDialog) -> None:
        assert self.meeting is not None
        self._context.run_change(
            self._context.services.participants.register_many,
            self.meeting.id,
            [dialog.fields()],
            dialog.consent_purpose(),
        )

    def open_edit(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None or self.read_only:
            return
        self._context.tasks.submit_db(
            self._context.services.participants.get_participant,
            self.meeting.id,
            row.participant_id,
            on_done=self._show_edit_dialog,
        )

    def _show_edit_dialog(self, person: ParticipantView) -> None:
        dialog = ParticipantDialog("edit", self, person)
        dialog.accepted.connect(lambda: self._save_edit(person, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.edit_dialog = dialog

    def _save_edit(self, person: ParticipantView, dialog: ParticipantDialog) -> None:
        assert self.meeting is not None
        fields = dialog.fields()
        changes = {
            name: getattr(fields, name)
            for name in PARTICIPANT_FIELD_NAMES
            if getattr(fields, name) != getattr(person, name)
        }
        if changes:
            self._context.run_change(
                self._context.services.participants.update_participant,
                self.meeting.id,
                person.id,
                changes,
                person.version,
            )

    def confirm_remove(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None or self.read_only:
            return
        meeting_id = self.meeting.id
        ask_confirmation(
            self,
            _("Retirer le participant"),
            _(
                "Retirer {name} de la liste d'inscription ? Son badge sera refusé. "
                "Vous pourrez annuler (Ctrl+Z)."
            ).format(name=row.display_name),
            _("Retirer"),
            lambda: self._context.run_change(
                self._context.services.participants.remove_participant,
                meeting_id,
                row.participant_id,
            ),
        )

    def open_import(self) -> None:
        if self.meeting is None or self.read_only:
            return
        wizard = ImportWizard(self._context, self.meeting.id, self)
        wizard.finished.connect(wizard.deleteLater)
        wizard.open()
        self.import_wizard = wizard

    def open_proxies(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None:
            return
        if not row.present:
            self.banner.show_message(
                ScanOutcome.REFUSED,
                _("Procuration impossible"),
                _("{name} doit d'abord être enregistré(e) comme présent(e).").format(
                    name=row.display_name
                ),
            )
            return
        dialog = ProxyDialog(self._context, self.meeting.id, row, self.read_only, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.proxy_dialog = dialog

    def open_presence(self) -> None:
        if self.meeting is None:
            return
        dialog = PresenceDialog(self._context, self.meeting.id, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.load()
        self.presence_dialog = dialog

    def open_badge(self) -> None:
        row = self.selected_row()
        if row is None or self.meeting is None:
            return
        meeting_id, participant_id = self.meeting.id, row.participant_id
        self._context.tasks.submit_db(
            self._badge_for, meeting_id, participant_id, self.read_only, on_done=self.show_badge
        )

    def _badge_for(self, meeting_id: str, participant_id: str, read_only: bool) -> BadgeView:
        """Database thread: the person's valid badge, issuing one first if they have none."""
        checkin = self._context.services.checkin
        if not read_only:
            checkin.issue_badges(meeting_id, [participant_id])
        badges = checkin.list_badges(meeting_id, [participant_id])
        if not badges:
            raise LookupError(_("Aucun badge pour cette personne."))
        return badges[0]

    def show_badge(self, badge: BadgeView) -> None:
        dialog = BadgeDialog(badge, self.read_only, self)
        dialog.print_requested.connect(lambda pid: self.choose_badges_pdf([pid]))
        dialog.reissue_requested.connect(lambda pid: self._confirm_reissue(pid, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.badge_dialog = dialog

    def _confirm_reissue(self, participant_id: str, dialog: BadgeDialog) -> None:
        assert self.meeting is not None
        meeting_id = self.meeting.id

        def reissue() -> None:
            dialog.close()
            self._context.run_change(
                self._context.services.checkin.reissue_badge,
                meeting_id,
                participant_id,
                on_done=lambda _change: self._context.tasks.submit_db(
                    self._badge_for, meeting_id, participant_id, False, on_done=self.show_badge
                ),
            )

        ask_confirmation(
            self,
            _("Réémettre le badge"),
            _("L'ancien badge et son code manuel seront refusés à l'accueil. Continuer ?"),
            _("Réémettre"),
            reissue,
        )

    # Badges PDF --------------------------------------------------------------------------

    def choose_badges_pdf(self, participant_ids: Sequence[str] | None = None) -> None:
        if self.meeting is None:
            return
        sheet_filter = _("Planche de badges à découper (*.pdf)")
        invitation_filter = _("Invitations, une par page (*.pdf)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _("Imprimer les badges"),
            _("badges.pdf"),
            f"{sheet_filter};;{invitation_filter}",
        )
        if path:
            layout: Layout = "invitation" if chosen == invitation_filter else "sheet"
            self.print_badges_to(Path(path), layout, participant_ids)

    def print_badges_to(
        self, path: Path, layout: Layout, participant_ids: Sequence[str] | None = None
    ) -> None:
        """Issue missing badges, then write the PDF on the I/O pool with a progress bar."""
        if self.meeting is None:
            return
        meeting_id = self.meeting.id
        ids = list(participant_ids) if participant_ids is not None else None
        read_only = self.read_only
        self.work_label.setText(_("Préparation des badges…"))
        self.work_progress.setRange(0, 0)
        self.work_progress.show()

        def collect() -> tuple[MeetingDetails, list[BadgeView]]:
            services = self._context.services
            if not read_only:
                services.checkin.issue_badges(meeting_id, ids)
            return services.meetings.get_meeting(meeting_id), services.checkin.list_badges(
                meeting_id, ids
            )

        self._context.tasks.submit_db(
            collect,
            on_done=lambda found: self._write_pdf(path, layout, *found),
            on_error=self._on_work_failed,
        )

    def _write_pdf(
        self, path: Path, layout: Layout, meeting: MeetingDetails, badges: list[BadgeView]
    ) -> None:
        if not badges:
            self._on_work_failed(LookupError(_("Aucun participant inscrit : rien à imprimer.")))
            return
        relay = ProgressRelay(self)
        relay.progressed.connect(self.work_progress.setValue)
        self.work_progress.setRange(0, len(badges))
        self.work_label.setText(_("Création du PDF…"))
        self._context.tasks.submit_io(
            write_badges_pdf,
            path,
            meeting,
            badges,
            layout,
            relay.progressed.emit,
            on_done=lambda pages: self._on_pdf_written(path, len(badges), pages, relay),
            on_error=self._on_work_failed,
        )

    def _on_pdf_written(self, path: Path, count: int, pages: int, relay: QObject) -> None:
        relay.deleteLater()
        self.work_progress.hide()
        self.work_label.clear()
        self.last_pdf = path
        self._context.report(
            _("{count} badges sur {pages} pages : {path}").format(
                count=count, pages=pages, path=path
            )
        )

    def _on_work_failed(self, error: BaseException) -> None:
        self.work_progress.hide()
        self.work_label.clear()
        self._context.report(str(error), is_error=True)

    # RGPD --------------------------------------------------------------------------------

    def choose_export_path(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Exporter les données de la personne"),
            f"{row.display_name or row.participant_id}.json",
            _("JSON (*.json)"),
        )
        if path:
            self.export_person_to(row.participant_id, Path(path))

    def export_person_to(self, participant_id: str, path: Path) -> None:
        if self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.privacy.export_person,
            self.meeting.id,
            participant_id,
            on_done=lambda data: self._context.tasks.submit_io(
                _write_json,
                path,
                data,
                on_done=lambda _r: self._context.report(
                    _("Données exportées : {path}").format(path=path)
                ),
                on_error=self._on_work_failed,
            ),
            on_error=self._on_work_failed,
        )

    def confirm_purge(self) -> None:
        if self.meeting is None:
            return
        if not self.read_only:
            self._context.report(
                _("Clôturez la réunion avant d'effacer les données personnelles."), is_error=True
            )
            return
        meeting_id = self.meeting.id
        ask_confirmation(
            self,
            _("Effacer les données personnelles"),
            _(
                "Effacer définitivement les noms, courriels et téléphones de tous les "
                "participants de cette réunion ? Les décomptes anonymes (présents, communes, "
                "votes) sont conservés. Cette action est enregistrée dans le journal et ne peut "
                "pas être annulée."
            ),
            _("Effacer définitivement"),
            lambda: self._context.run_change(
                self._context.services.privacy.purge_personal_data, meeting_id
            ),
        )

    # Camera, sound, state ----------------------------------------------------------------

    def _list_cameras(self) -> None:
        cameras = self.camera.cameras()
        self.camera_choice.clear()
        for device in cameras:
            self.camera_choice.addItem(device.description(), device)
        has_camera = bool(cameras)
        self.camera_choice.setEnabled(has_camera)
        self.camera_button.setEnabled(has_camera)
        if not has_camera:
            self.camera_choice.addItem(_("Aucune caméra"))
            self.camera_status.setText(
                _("Aucune caméra détectée : branchez une webcam ou utilisez la douchette.")
            )
        elif not self.camera.running:
            self.camera_status.setText(_("Choisissez la caméra puis activez-la."))

    def _on_camera_toggled(self, checked: bool) -> None:
        if checked:
            started = self.camera.start(self.camera_choice.currentData())
            if not started:
                self.camera_button.setChecked(False)
            self.camera_button.setText(
                _("Arrêter la caméra") if started else _("Activer la caméra")
            )
        else:
            self.camera.stop()
            self.camera_button.setText(_("Activer la caméra"))

    def _on_sound_toggled(self, checked: bool) -> None:
        self.sound.enabled = checked

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self) -> None:
        row = self.selected_row()
        editable = self.meeting is not None and not self.read_only
        self.walk_in_button.setEnabled(editable)
        self.add_action.setEnabled(editable)
        self.import_action.setEnabled(editable)
        self.purge_action.setEnabled(self.meeting is not None and self.read_only)
        self.print_action.setEnabled(self.meeting is not None)
        self.check_in_button.setEnabled(editable and row is not None and not row.present)
        self.check_out_button.setEnabled(editable and row is not None and row.present)
        self.proxy_button.setEnabled(row is not None and self.meeting is not None)
        self.badge_button.setEnabled(row is not None)
        self.export_action.setEnabled(row is not None)
        self.edit_button.setEnabled(editable and row is not None)
        self.remove_button.setEnabled(editable and row is not None)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
