"""Synchronisation: linking this desk to the territory's server and following what was exchanged.

The page enrolls the desk (server address + one-time code), shows the events waiting, the last
successful sync and whether the server answered, the history of syncs, the events the server set
aside with its reasons, and the concurrent edits to review. It also owns the ``SyncScheduler``
that syncs by itself while the meeting is open, and puts the sync indicator in the status bar.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from civodesk.conflicts.service import ConflictView
from civodesk.i18n import _, ngettext
from civodesk.journal.certificates import key_fingerprint
from civodesk.journal.clock_offset import WARN_MS
from civodesk.meetings.meeting import MeetingDetails
from sync.client import state
from sync.client.engine import SyncOutcome, SyncReport, enroll
from sync.client.status import SyncStatus
from sync.client.transport import SyncError
from ui.shell.icons import icon
from ui.shell.workspace_context import WorkspaceContext
from ui.sync.conflict_model import CONFLICT_ID_ROLE, CONFLICT_KIND_ROLE, ConflictModel
from ui.sync.indicator import format_ms
from ui.sync.package_actions import PackageActions
from ui.sync.remote_meetings_panel import RemoteMeetingsPanel
from ui.sync.sync_history_model import (
    DeferredModel,
    RejectionModel,
    SyncHistoryModel,
    outcome_label,
)
from ui.sync.tables import read_only_table, with_empty_text

SYNC_NOW_SHORTCUT = "F5"
DEFERRED_TAB = 3
"""Index of the "En attente d'application" tab (after history, set-aside, conflicts)."""


CONFLICT_TOPICS = frozenset({"conflicts", "meeting", "proxies", "badges"})
"""Changes that may add or settle a conflict (a proxy limit lowered, a proxy withdrawn...)."""


class SyncPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._meeting_id: str | None = None
        self._read_only = False
        self._editing_server = False
        self.scheduler = context.sync
        self.packages = PackageActions(self, context, lambda: self._meeting_id)

        title = QLabel(_("Synchronisation avec le serveur"))
        title.setObjectName("pageTitle")

        self.blocked_banner = QFrame()
        self.blocked_banner.setObjectName("syncBlockedBanner")
        self.blocked_label = QLabel()
        self.blocked_label.setWordWrap(True)
        banner_layout = QHBoxLayout(self.blocked_banner)
        banner_layout.addWidget(self.blocked_label, 1)
        self.blocked_banner.hide()
        self.clock_banner = QFrame()
        self.clock_banner.setObjectName("syncClockBanner")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockWarningText")
        self.clock_label.setWordWrap(True)
        self.clock_label.setTextFormat(Qt.TextFormat.PlainText)
        QHBoxLayout(self.clock_banner).addWidget(self.clock_label, 1)
        self.clock_banner.hide()

        self.restore_banner = QFrame()
        self.restore_banner.setObjectName("syncRestoreBanner")
        self.restore_label = QLabel()
        self.restore_label.setWordWrap(True)
        QHBoxLayout(self.restore_banner).addWidget(self.restore_label, 1)
        self.restore_banner.hide()

        # Enrollment ------------------------------------------------------------------------
        self.server_box = QGroupBox(_("Serveur de la collectivité"))
        self.enrolled_label = QLabel()
        self.enrolled_label.setWordWrap(True)
        self.enrolled_label.setTextFormat(Qt.TextFormat.PlainText)
        self.change_server_button = QPushButton(_("Changer de serveur…"))
        self.change_server_button.clicked.connect(self._on_change_server_clicked)
        self.enrolled_row = QWidget()
        enrolled_layout = QHBoxLayout(self.enrolled_row)
        enrolled_layout.setContentsMargins(0, 0, 0, 0)
        enrolled_layout.addWidget(self.enrolled_label, 1)
        enrolled_layout.addWidget(self.change_server_button)

        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("serverUrlEdit")
        self.url_edit.setPlaceholderText("https://sync.exemple.fr")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("enrollCodeEdit")
        self.code_edit.setPlaceholderText(_("code à usage unique donné par l'équipe centrale"))
        self.enroll_button = QPushButton(_("Inscrire ce poste"))
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.setDefault(True)
        self.enroll_button.clicked.connect(self._on_enroll_clicked)
        self.code_edit.returnPressed.connect(self._on_enroll_clicked)
        self.cancel_enroll_button = QPushButton(_("Annuler"))
        self.cancel_enroll_button.setObjectName("cancelEnrollButton")
        self.cancel_enroll_button.setToolTip(_("Ne plus attendre la réponse du serveur"))
        self.cancel_enroll_button.clicked.connect(self._on_enroll_cancelled)
        self.cancel_enroll_button.hide()
        self._enroll_attempt = 0  # answers to an attempt the person cancelled are ignored
        self.enroll_error = QLabel()
        self.enroll_error.setObjectName("enrollError")
        self.enroll_error.setProperty("role", "fieldError")
        self.enroll_error.setWordWrap(True)
        self.enroll_error.hide()
        self.enroll_form = QWidget()
        form = QFormLayout(self.enroll_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Adresse du serveur :"), self.url_edit)
        form.addRow(_("Code d'inscription :"), self.code_edit)
        form.addRow("", self.enroll_error)
        enroll_buttons = QHBoxLayout()
        enroll_buttons.addWidget(self.enroll_button, 1)
        enroll_buttons.addWidget(self.cancel_enroll_button)
        form.addRow("", enroll_buttons)
        server_layout = QVBoxLayout(self.server_box)
        server_layout.addWidget(self.enroll_form)
        server_layout.addWidget(self.enrolled_row)
        self.enrolled_row.hide()

        # Packages: the same journal on a USB stick, when there is no link at all -------------
        self.package_box = QGroupBox(_("Sans réseau : clé USB"))
        package_text = QLabel(
            _(
                "Exportez la réunion dans un paquet signé, puis importez-le sur un poste relié "
                "au serveur : il l'enverra comme ses propres événements."
            )
        )
        package_text.setWordWrap(True)
        device = context.services.device
        self.fingerprint_label = QLabel(
            _("Empreinte de clé de ce poste ({label}) : {fingerprint}").format(
                label=device.label or device.device_id,
                fingerprint=key_fingerprint(device.public_key_b64),
            )
        )
        self.fingerprint_label.setObjectName("deviceFingerprint")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        package_texts = QVBoxLayout()
        package_texts.addWidget(package_text)
        package_texts.addWidget(self.fingerprint_label)
        self.export_button = QPushButton(_("Exporter la réunion…"))
        self.export_button.setObjectName("exportPackageButton")
        self.export_button.clicked.connect(self.packages.choose_file_and_export)
        self.import_button = QPushButton(_("Importer un paquet…"))
        self.import_button.setObjectName("importPackageButton")
        self.import_button.clicked.connect(self.packages.choose_file_and_import)
        package_layout = QHBoxLayout(self.package_box)
        package_layout.addLayout(package_texts, 1)
        package_layout.addWidget(self.export_button)
        package_layout.addWidget(self.import_button)

        # Status and "sync now" ---------------------------------------------------------------
        self.status_label = QLabel()
        self.status_label.setObjectName("syncStatusText")
        self.status_label.setWordWrap(True)
        self.sync_button = QPushButton(icon("sync"), _("Synchroniser maintenant"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setToolTip(
            _("Envoyer et recevoir les événements maintenant ({shortcut})").format(
                shortcut=SYNC_NOW_SHORTCUT
            )
        )
        self.sync_button.clicked.connect(self._on_sync_now_clicked)
        QShortcut(QKeySequence(SYNC_NOW_SHORTCUT), self, self._on_sync_now_clicked)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.busy)
        status_row.addWidget(self.sync_button)

        # History, set-aside events, conflicts -----------------------------------------------
        self.history_model = SyncHistoryModel(format_ms, self)
        self.history_view = read_only_table(self.history_model, "syncHistoryTable")
        self.history_stack, _empty = with_empty_text(
            self.history_view,
            _(
                "Aucune synchronisation pour l'instant. Une fois le poste inscrit, elle a lieu "
                "toute seule dès qu'une connexion est disponible."
            ),
        )
        self.rejection_model = RejectionModel(format_ms, self)
        self.rejection_view = read_only_table(self.rejection_model, "rejectionTable")
        self.retry_button = QPushButton(_("Remettre dans la file"))
        self.retry_button.setObjectName("retryRejectedButton")
        self.retry_button.setToolTip(
            _("Renvoyer les événements mis de côté, une fois le problème réglé sur le serveur")
        )
        self.retry_button.clicked.connect(self._on_retry_clicked)
        rejections = QWidget()
        rejections_layout = QVBoxLayout(rejections)
        rejections_layout.setContentsMargins(0, 0, 0, 0)
        rejections_layout.addWidget(self.rejection_view)
        rejections_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignRight)
        self.rejection_stack, _empty = with_empty_text(
            rejections,
            _(
                "Aucun événement mis de côté. Si le serveur refusait un événement, il "
                "apparaîtrait ici avec la raison, et le reste continuerait de partir."
            ),
        )
        self.deferred_model = DeferredModel(format_ms, self)
        self.deferred_view = read_only_table(self.deferred_model, "deferredTable")
        self.deferred_stack, _empty = with_empty_text(
            self.deferred_view,
            _(
                "Aucun événement en attente. Un événement reçu qui désigne une réunion ou une "
                "personne que ce poste n'a pas encore reçue attendrait ici, sans retenir les "
                "suivants, et compterait dès son arrivée."
            ),
        )
        self.conflict_model = ConflictModel(self)
        self.conflict_view = read_only_table(self.conflict_model, "conflictTable")
        self.review_button = QPushButton(_("Marquer comme vu"))
        self.review_button.setObjectName("markReviewedButton")
        self.review_button.setToolTip(
            _("La valeur retenue convient ; pour garder l'autre, modifiez le champ.")
        )
        self.review_button.clicked.connect(self._on_review_clicked)
        self.review_button.setEnabled(False)
        self.resolve_button = QPushButton(_("Résoudre : garder la valeur retenue"))
        self.resolve_button.setObjectName("resolveRuleButton")
        self.resolve_button.setToolTip(
            _(
                "Retire ce que la règle a mis de côté (procuration, badge, entrée en double). "
                "Pour garder l'autre, retirez plutôt la procuration ou le badge retenu."
            )
        )
        self.resolve_button.clicked.connect(self._on_resolve_clicked)
        self.resolve_button.setEnabled(False)
        self.conflict_view.selectionModel().selectionChanged.connect(
            self._on_conflict_selection_changed
        )
        conflicts = QWidget()
        conflicts_layout = QVBoxLayout(conflicts)
        conflicts_layout.setContentsMargins(0, 0, 0, 0)
        conflicts_layout.addWidget(self.conflict_view)
        conflict_actions = QHBoxLayout()
        conflict_actions.addStretch(1)
        conflict_actions.addWidget(self.resolve_button)
        conflict_actions.addWidget(self.review_button)
        conflicts_layout.addLayout(conflict_actions)
        self.conflict_stack, _empty = with_empty_text(
            conflicts,
            _(
                "Aucun conflit. Quand deux postes modifient le même champ en même temps, ou "
                "enregistrent chacun une procuration ou une entrée pour la même personne, une "
                "valeur est retenue par la règle commune et l'autre est gardée ici pour relecture."
            ),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history_stack, _("Historique"))
        self.tabs.addTab(self.rejection_stack, _("Mis de côté"))
        self.tabs.addTab(self.conflict_stack, _("Conflits à revoir"))
        self.tabs.addTab(self.deferred_stack, _("En attente d'application"))
        self.remote_meetings = RemoteMeetingsPanel(context, self)
        self.tabs.addTab(self.remote_meetings, _("Réunions du territoire"))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.blocked_banner)
        layout.addWidget(self.restore_banner)
        layout.addWidget(self.clock_banner)
        layout.addWidget(self.server_box)
        layout.addWidget(self.package_box)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

        self.scheduler.status_changed.connect(self._on_scheduler_status_changed)
        self.scheduler.sync_started.connect(self._on_scheduler_sync_started)
        self.scheduler.sync_finished.connect(self._on_scheduler_sync_finished)
        self.scheduler.refresh_status()

    # Page contract ---------------------------------------------------------------------------

    def set_meeting(self, details: MeetingDetails) -> None:
        self._read_only = details.is_read_only
        if details.id != self._meeting_id:
            self._meeting_id = details.id
            self._load_conflicts()
        self._on_conflict_selection_changed()

    def refresh(self, topics: frozenset[str]) -> None:
        if topics & CONFLICT_TOPICS:
            self._load_conflicts()
        if "sync" in topics:
            self.scheduler.refresh_status()

    def shutdown(self) -> None:
        """The scheduler outlives the page (it belongs to the window): let go of it."""
        self.scheduler.status_changed.disconnect(self._on_scheduler_status_changed)
        self.scheduler.sync_started.disconnect(self._on_scheduler_sync_started)
        self.scheduler.sync_finished.disconnect(self._on_scheduler_sync_finished)

    # Status ----------------------------------------------------------------------------------

    def _on_scheduler_status_changed(self, status: SyncStatus) -> None:
        self.history_model.set_rows(status.history)
        self.history_stack.setCurrentIndex(1 if status.history else 0)
        self.rejection_model.set_rows(status.rejections)
        self.rejection_stack.setCurrentIndex(1 if status.rejections else 0)
        self.tabs.setTabText(
            1,
            _("Mis de côté ({count})").format(count=len(status.rejections))
            if status.rejections
            else _("Mis de côté"),
        )
        self.deferred_model.set_rows(status.deferred)
        self.deferred_stack.setCurrentIndex(1 if status.deferred else 0)
        self.tabs.setTabText(
            DEFERRED_TAB,
            _("En attente d'application ({count})").format(count=len(status.deferred))
            if status.deferred
            else _("En attente d'application"),
        )
        if status.enrolled and not self._editing_server:
            self.enrolled_label.setText(
                _("Ce poste est inscrit auprès de {url} pour « {organization} ».").format(
                    url=status.server_url, organization=status.organization
                )
            )
            self._show_enrollment_form(False)
        else:
            self._show_enrollment_form(True)
        if status.blocked_reason:
            self.blocked_label.setText(
                _(
                    "La synchronisation est arrêtée : {reason}. Demandez un nouveau code "
                    "d'inscription à l'équipe centrale et inscrivez ce poste à nouveau."
                ).format(reason=status.blocked_reason.rstrip("."))
            )
        self.blocked_banner.setVisible(bool(status.blocked_reason))
        restore = status.last_restore
        if restore is not None:
            self.restore_label.setText(
                _(
                    "Synchronisation de {time} : ce poste avait été restauré depuis une sauvegarde ancienne ; "
                    "{recovered} de ses événements ont été récupérés du serveur et {renumbered} "
                    "saisis depuis la restauration placés à leur suite. Aucun n'est perdu ; "
                    "vérifiez les présences si une autre copie de ce poste a servi entre-temps."
                ).format(
                    time=format_ms(restore.restored_at_ms),
                    recovered=restore.recovered,
                    renumbered=restore.renumbered,
                )
            )
        self.restore_banner.setVisible(restore is not None)
        self.sync_button.setEnabled(status.enrolled and not self.scheduler.running)
        self.status_label.setText(self._status_sentence(status))
        warnings = status.clocks.warnings()
        self.clock_label.setText("\n".join(warnings))
        self.clock_banner.setVisible(bool(warnings))

    @staticmethod
    def _status_sentence(status: SyncStatus) -> str:
        if not status.enrolled:
            return _(
                "Ce poste n'est relié à aucun serveur : tout reste enregistré ici. Inscrivez-le "
                "pour que les réunions partent d'elles-mêmes dès qu'une connexion apparaît."
            )
        parts = [
            ngettext(
                "{count} événement en attente d'envoi.",
                "{count} événements en attente d'envoi.",
                status.waiting,
            ).format(count=status.waiting)
            if status.waiting
            else _("Tous les événements de ce poste sont sur le serveur.")
        ]
        if status.last_success_ms is not None:
            parts.append(
                _("Dernière synchronisation réussie : {time}.").format(
                    time=format_ms(status.last_success_ms)
                )
            )
        if status.last_reachable is False:
            parts.append(_("Le serveur n'a pas répondu à la dernière tentative."))
        elif status.last_reachable:
            parts.append(_("Le serveur a répondu à la dernière tentative."))
        offset = status.clocks.server_offset_ms
        if offset is not None and abs(offset) <= WARN_MS:
            parts.append(_("L'horloge de ce poste est à l'heure du serveur."))
        return " ".join(parts)

    def _on_scheduler_sync_started(self) -> None:
        self.busy.show()
        self.sync_button.setEnabled(False)

    def _on_scheduler_sync_finished(self, report: SyncReport | None) -> None:
        """The window refreshes the views and reports a refusal; the page shows it is idle."""
        self.busy.hide()

    def _on_sync_now_clicked(self) -> None:
        if self.scheduler.status is not None and self.scheduler.status.enrolled:
            self.scheduler.request_sync(automatic=False)
            self.scheduler.sync_finished.connect(
                self._report_manual_sync, Qt.ConnectionType.SingleShotConnection
            )

    def _report_manual_sync(self, report: SyncReport | None) -> None:
        if report is None:
            return
        if report.ok:
            self._context.report(
                _("Synchronisation réussie : {sent} envoyés, {received} reçus.").format(
                    sent=report.pushed, received=report.pulled
                )
            )
        else:
            self._context.report(
                _("Synchronisation : {outcome}. {message}").format(
                    outcome=outcome_label(report.outcome.value), message=report.message
                ),
                is_error=report.outcome is not SyncOutcome.INCOMPLETE,
            )

    # Enrollment ------------------------------------------------------------------------------

    def _on_change_server_clicked(self) -> None:
        self._editing_server = True
        status = self.scheduler.status
        if status is not None:
            self.url_edit.setText(status.server_url)
        self._show_enrollment_form(True)
        self.code_edit.setFocus()

    def _show_enrollment_form(self, shown: bool) -> None:
        self.enroll_form.setVisible(shown)
        self.enrolled_row.setVisible(not shown)

    def _on_enroll_clicked(self) -> None:
        url = self.url_edit.text().strip()
        code = self.code_edit.text().strip()
        if not url.startswith(("http://", "https://")):
            self._show_enroll_error(
                _("Indiquez l'adresse complète du serveur, commençant par https://")
            )
            self.url_edit.setFocus()
            return
        if not code:
            self._show_enroll_error(_("Indiquez le code d'inscription."))
            self.code_edit.setFocus()
            return
        self.enroll_error.hide()
        self.enroll_button.setEnabled(False)
        self.enroll_button.setText(_("Connexion au serveur…"))
        self.cancel_enroll_button.show()
        self._enroll_attempt += 1
        attempt = self._enroll_attempt
        self._context.tasks.submit_io(
            enroll,
            self._context.services,
            url,
            code,
            on_done=lambda enrollment: self._on_enrolled(enrollment, attempt),
            on_error=lambda error: self._on_enroll_failed(error, attempt),
        )

    def _on_enroll_cancelled(self) -> None:
        """Stop waiting (the request gives up by itself within seconds; its answer is ignored)."""
        self._enroll_attempt += 1
        self._reset_enroll_button()
        self._show_enroll_error(_("Inscription annulée."))

    def _show_enroll_error(self, message: str) -> None:
        self.enroll_error.setText(message)
        self.enroll_error.show()

    def _on_enrolled(self, enrollment: state.Enrollment, attempt: int | None = None) -> None:
        if attempt is not None and attempt != self._enroll_attempt:
            self.scheduler.refresh_status()  # a cancelled attempt that went through after all
            return
        self._reset_enroll_button()
        self._editing_server = False
        self.code_edit.clear()
        self._context.report(
            _("Poste inscrit auprès de {server} pour « {organization} ».").format(
                server=enrollment.server_url, organization=enrollment.organization
            )
        )
        self.scheduler.refresh_status()
        self.scheduler.request_sync(automatic=False)

    def _on_enroll_failed(self, error: BaseException, attempt: int | None = None) -> None:
        if attempt is not None and attempt != self._enroll_attempt:
            return
        self._reset_enroll_button()
        if isinstance(error, SyncError):
            self._show_enroll_error(str(error))
        else:
            self._show_enroll_error(
                _("L'inscription a échoué : {error}").format(
                    error=str(error) or type(error).__name__
                )
            )

    def _reset_enroll_button(self) -> None:
        self.cancel_enroll_button.hide()
        self.enroll_button.setEnabled(True)
        self.enroll_button.setText(_("Inscrire ce poste"))

    # Set-aside events and conflicts --------------------------------------------------------

    def _on_retry_clicked(self) -> None:
        self._context.tasks.submit_db(
            self._clear_rejections, on_done=lambda _count: self.scheduler.request_sync()
        )

    def _clear_rejections(self) -> int:
        with self._context.services.database.write() as conn:
            return state.clear_rejections(conn)

    def _load_conflicts(self) -> None:
        if self._meeting_id is not None:
            self._context.tasks.submit_db(
                self._context.services.conflicts.list_conflicts,
                self._meeting_id,
                on_done=self._on_conflicts_loaded,
            )

    def _on_conflicts_loaded(self, conflicts: Sequence[ConflictView]) -> None:
        self.conflict_model.set_rows(conflicts)
        self.conflict_stack.setCurrentIndex(1 if conflicts else 0)
        self.tabs.setTabText(
            2,
            _("Conflits à revoir ({count})").format(count=len(conflicts))
            if conflicts
            else _("Conflits à revoir"),
        )
        self.review_button.setEnabled(False)
        self.resolve_button.setEnabled(False)

    def _on_conflict_selection_changed(self) -> None:
        rows = self.conflict_view.selectionModel().selectedRows()
        writable = self._meeting_id is not None and not self._read_only  # closed: no new event
        kind = rows[0].data(CONFLICT_KIND_ROLE) if rows else None
        self.review_button.setEnabled(writable and kind == "edit")
        self.resolve_button.setEnabled(writable and kind == "rule")

    def _on_resolve_clicked(self) -> None:
        rows = self.conflict_view.selectionModel().selectedRows()
        if not rows or self._meeting_id is None:
            return
        self._context.run_change(
            self._context.services.conflicts.resolve_rule,
            self._meeting_id,
            rows[0].data(CONFLICT_ID_ROLE),
        )

    def _on_review_clicked(self) -> None:
        rows = self.conflict_view.selectionModel().selectedRows()
        if not rows or self._meeting_id is None:
            return
        conflict_id = rows[0].data(CONFLICT_ID_ROLE)
        self._context.run_change(
            self._context.services.conflicts.mark_reviewed, self._meeting_id, conflict_id
        )
