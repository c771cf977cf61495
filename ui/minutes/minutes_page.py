"""Compte-rendu: make the minutes PDF (compte-rendu or procès-verbal) and export open data.

The record is read on the database thread, the PDF laid out on the I/O pool with a progress bar,
then opened in the system's PDF viewer. The GUI thread never waits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, current_language
from civodesk.meetings.meeting import MeetingDetails
from civodesk.minutes.logos import OrganizationLogos
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import MeetingRecord
from civodesk.minutes.service import RenderedMinutes, render_record, write_minutes
from civodesk.opendata.export import export_meeting
from civodesk.paths import data_dir
from ui.shell.workspace_context import WorkspaceContext

FIELD_WIDTH = 460


class _Progress(QObject):
    """Carries layout progress from the I/O thread to the progress bar (queued signal)."""

    progressed = Signal(int, int)


class MinutesPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._meeting: MeetingDetails | None = None
        self.last_pdf: Path | None = None
        self.open_in_viewer = True  # tests turn it off

        title = QLabel(_("Compte-rendu"))
        title.setObjectName("pageTitle")
        intro = QLabel(
            _(
                "Le document reprend le journal de la réunion : présences, idées, votes et "
                "décisions, avec l'empreinte du journal au pied de chaque page. Tant que la "
                "réunion n'est pas close, il est marqué « PROJET »."
            )
        )
        intro.setWordWrap(True)
        self.kind_box = QComboBox()
        self.kind_box.addItem(
            _("Compte-rendu (atelier, réunion publique)"), MinutesKind.COMPTE_RENDU
        )
        self.kind_box.addItem(_("Procès-verbal (séance de conseil)"), MinutesKind.PROCES_VERBAL)
        self.language_box = QComboBox()
        self.language_box.addItem(_("Français"), "fr")
        self.language_box.addItem(_("Anglais"), "en")
        self.language_box.setCurrentIndex(0 if current_language() == "fr" else 1)
        self.no_names_box = QCheckBox(_("Sans noms : seulement les effectifs et les répartitions"))
        self.logos = OrganizationLogos(data_dir())
        self.logo_label = QLabel()
        self.logo_label.setObjectName("logoLabel")
        self.choose_logo_button = QPushButton(_("Choisir…"))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.forget_logo_button = QPushButton(_("Retirer"))
        self.forget_logo_button.clicked.connect(lambda: self.set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.forget_logo_button)
        logo_row.addStretch(1)
        for box in (self.kind_box, self.language_box):
            box.setMaximumWidth(FIELD_WIDTH)
        form = QFormLayout()
        form.addRow(_("&Document :"), self.kind_box)
        form.addRow(_("&Langue :"), self.language_box)
        form.addRow("", self.no_names_box)
        form.addRow(_("Logo :"), logo_row)

        self.generate_button = QPushButton(_("&Créer le PDF…"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.choose_pdf)
        self.export_button = QPushButton(_("&Exporter les données ouvertes…"))
        self.export_button.clicked.connect(self.choose_export_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("minutesStatus")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

    def set_meeting(self, details: MeetingDetails) -> None:
        self._meeting = details
        self._show_logo()
        if details.is_read_only:
            self.status_label.setText(_("Réunion close : le document sera définitif."))
        else:
            self.status_label.setText(
                _("Réunion en cours : le document sera un projet, marqué « PROJET ».")
            )

    def _show_logo(self) -> None:
        logo = self._logo()
        self.logo_label.setText(
            logo.name if logo else _("aucun (la couverture porte le nom de l'organisation)")
        )
        self.forget_logo_button.setEnabled(logo is not None)

    def _logo(self) -> Path | None:
        if self._meeting is None:
            return None
        return self.logos.logo_of(self._meeting.fields.organization)

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo de l'organisation"), "", _("Images (*.png *.jpg *.jpeg *.gif)")
        )
        if path:
            self.set_logo(Path(path))

    def set_logo(self, logo: Path | None) -> None:
        """Remember the logo for the meeting's organization (every meeting of it uses it)."""
        if self._meeting is None:
            return
        try:
            self.logos.set_logo(self._meeting.fields.organization, logo)
        except OSError as error:
            self._failed(error)
            return
        self._show_logo()

    def refresh(self, topics: frozenset[str]) -> None:
        """Nothing to reload: the record is read when a document is made."""

    def options(self) -> MinutesOptions:
        return MinutesOptions(
            kind=MinutesKind(self.kind_box.currentData()),
            language=str(self.language_box.currentData()),
            with_names=not self.no_names_box.isChecked(),
            logo_path=self._logo(),
        )

    def choose_pdf(self) -> None:
        if self._meeting is None:
            return
        name = (
            _("compte-rendu.pdf")
            if self.options().kind is MinutesKind.COMPTE_RENDU
            else _("proces-verbal.pdf")
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Créer le compte-rendu"), name, _("Document PDF (*.pdf)")
        )
        if path:
            self.make_pdf(Path(path))

    def make_pdf(self, path: Path) -> None:
        """Read the record (database thread), then lay out and write the PDF (I/O pool)."""
        if self._meeting is None:
            return
        options = self.options()
        self._busy(_("Lecture du journal…"))
        self._context.tasks.submit_db(
            self._read_record,
            self._meeting.id,
            on_done=lambda record: self._render(record, options, path),
            on_error=self._failed,
        )

    def _read_record(self, meeting_id: str) -> MeetingRecord:
        from civodesk.minutes.service import MinutesService

        return MinutesService(self._context.services.database).read_record(meeting_id)

    def _render(self, record: MeetingRecord, options: MinutesOptions, path: Path) -> None:
        relay = _Progress(self)
        relay.progressed.connect(self._on_progress)
        self.status_label.setText(_("Mise en page du document…"))

        def render_and_write() -> RenderedMinutes:
            rendered = render_record(record, options, relay.progressed.emit)
            write_minutes(path, rendered)
            return rendered

        self._context.tasks.submit_io(
            render_and_write,
            on_done=lambda rendered: self._written(path, rendered, relay),
            on_error=self._failed,
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _written(self, path: Path, rendered: RenderedMinutes, relay: QObject) -> None:
        relay.deleteLater()
        self._idle()
        self.last_pdf = path
        message = _("{pages} page(s) enregistrée(s) : {path}").format(
            pages=rendered.pages, path=path
        )
        if rendered.draft:
            message += " " + _("(projet : la réunion n'est pas close)")
        for warning in rendered.warnings:
            message += " " + warning
        self.status_label.setText(message)
        self._context.report(message)
        if self.open_in_viewer:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def choose_export_folder(self) -> None:
        if self._meeting is None:
            return
        folder = QFileDialog.getExistingDirectory(self, _("Exporter les données ouvertes"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path, file_format: str = "csv") -> None:
        if self._meeting is None:
            return
        with_names = not self.no_names_box.isChecked()
        self._busy(_("Export des données…"))

        def export(meeting_id: str) -> list[Path]:
            return export_meeting(self._read_record(meeting_id), folder, file_format, with_names)

        self._context.tasks.submit_db(
            export, self._meeting.id, on_done=self._exported, on_error=self._failed
        )

    def _exported(self, files: list[Path]) -> None:
        self._idle()
        message = _("{count} fichier(s) exporté(s) dans {folder}").format(
            count=len(files), folder=files[0].parent if files else ""
        )
        self.status_label.setText(message)
        self._context.report(message)

    def _busy(self, text: str) -> None:
        self.generate_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status_label.setText(text)

    def _idle(self) -> None:
        self.generate_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.progress.hide()

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.status_label.setText(str(error))
        self._context.report(str(error), is_error=True)
