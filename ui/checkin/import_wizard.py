"""Importing a registration list: choose the file, confirm the columns, see every row's problems.

Nothing is imported until the preview is clean; the import itself runs on the database thread with a
busy indicator, in one transaction (all or nothing).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.i18n import _, ngettext
from civodesk.participants.column_mapping import IMPORT_FIELDS, field_label
from civodesk.participants.import_preview import ImportPreview
from ui.checkin.import_preview_model import ImportPreviewModel
from ui.checkin.participant_dialog import DEFAULT_PURPOSE
from ui.shell.workspace_context import WorkspaceContext


def read_and_preview(
    context: WorkspaceContext,
    meeting_id: str,
    path: Path,
    mapping: dict[int, str | None] | None,
) -> ImportPreview:
    """Database-thread job: read the file and check it."""
    return context.services.participants.preview_import(meeting_id, path.read_bytes(), mapping)


class ImportWizard(QDialog):
    def __init__(
        self, context: WorkspaceContext, meeting_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(_("Importer une liste d'inscription"))
        self.resize(1000, 640)
        self._context = context
        self._meeting_id = meeting_id
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.imported: ChangeSet | None = None

        self.file_label = QLabel(
            _(
                "Choisissez un fichier CSV exporté d'Excel, de LibreOffice ou d'une plateforme "
                "en ligne (UTF-8 ou Windows-1252, séparateur « ; », « , » ou tabulation)."
            )
        )
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(_("Choisir un fichier…"))
        self.choose_button.setObjectName("chooseFileButton")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.mapping_title = QLabel(_("Colonnes du fichier"))
        self.mapping_title.setObjectName("sectionTitle")
        self.mapping_form = QFormLayout()
        self.mapping_boxes: list[QComboBox] = []
        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.errors_only = QCheckBox(_("Seulement les lignes à corriger"))
        self.errors_only.toggled.connect(self._show_rows)
        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("importPreviewTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.purpose = QLineEdit(_(DEFAULT_PURPOSE))
        self.purpose.setObjectName("importPurpose")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.import_button = QPushButton(_("Importer"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        cancel = QPushButton(_("Annuler"))
        cancel.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        purpose_row = QFormLayout()
        purpose_row.addRow(_("Finalité consentie (RGPD)"), self.purpose)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)
        bottom.addWidget(cancel)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping_title)
        layout.addLayout(self.mapping_form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.table, 1)
        layout.addLayout(purpose_row)
        layout.addLayout(bottom)
        self.mapping_title.hide()
        self.errors_only.hide()

    def _on_choose_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Liste d'inscription"), "", _("Fichiers CSV (*.csv *.txt);;Tous (*)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path, mapping: dict[int, str | None] | None = None) -> None:
        """Read and check ``path`` on the database thread (``mapping`` from the column boxes)."""
        self.path = path
        self.file_label.setText(_("Fichier : {name}").format(name=path.name))
        self.import_button.setEnabled(False)
        self.summary_label.setText(_("Lecture du fichier…"))
        self._context.tasks.submit_db(
            read_and_preview,
            self._context,
            self._meeting_id,
            path,
            mapping,
            on_done=self._on_preview_ready,
            on_error=self._on_failed,
        )

    def _on_preview_ready(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._build_mapping(preview)
        errors = preview.error_rows
        if preview.file_errors:
            text = "\n".join(preview.file_errors)
            color = "#b3261e"
        elif errors:
            text = ngettext(
                "{rows} lignes lues ; {errors} ligne à corriger avant d'importer (rien n'est "
                "importé tant qu'il reste une erreur).",
                "{rows} lignes lues ; {errors} lignes à corriger avant d'importer (rien n'est "
                "importé tant qu'il reste une erreur).",
                len(errors),
            ).format(rows=len(preview.rows), errors=len(errors))
            color = "#b3261e"
        else:
            text = _(
                "{rows} lignes prêtes à importer ({encoding}, séparateur « {separator} »)."
            ).format(
                rows=len(preview.rows),
                encoding=preview.encoding,
                separator=_("tabulation") if preview.separator == "\t" else preview.separator,
            )
            color = "#1e7b34"
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color: {color}; font-weight: 600;")
        self.errors_only.setVisible(bool(errors))
        self.errors_only.setChecked(bool(errors))
        self._show_rows()
        self.import_button.setEnabled(preview.importable)
        self.import_button.setText(
            ngettext(
                "Importer {count} participant", "Importer {count} participants", len(preview.rows)
            ).format(count=len(preview.rows))
            if preview.importable
            else _("Importer")
        )

    def _build_mapping(self, preview: ImportPreview) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_boxes = []
        self.mapping_title.setVisible(bool(preview.headers))
        for index, header in enumerate(preview.headers):
            box = QComboBox()
            box.setObjectName(f"mappingBox{index}")
            box.addItem(_("(ignorer cette colonne)"), None)
            for field in IMPORT_FIELDS:
                box.addItem(field_label(field), field)
            box.setCurrentIndex(max(0, box.findData(preview.mapping.get(index))))
            box.currentIndexChanged.connect(self._on_mapping_changed)
            self.mapping_boxes.append(box)
            self.mapping_form.addRow(header or _("(sans titre)"), box)

    def current_mapping(self) -> dict[int, str | None]:
        return {index: box.currentData() for index, box in enumerate(self.mapping_boxes)}

    def _on_mapping_changed(self) -> None:
        if self.path is not None:
            self.load_file(self.path, self.current_mapping())

    def _show_rows(self) -> None:
        self.model.set_preview(self.preview, self.errors_only.isChecked())
        self.table.resizeColumnsToContents()

    def _on_import_clicked(self) -> None:
        if self.preview is None or not self.preview.importable:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.progress.show()
        self.summary_label.setText(_("Import en cours…"))
        self._context.run_change(
            self._context.services.participants.import_preview,
            self._meeting_id,
            self.preview,
            self.purpose.text().strip(),
            on_done=self._on_imported,
            on_error=self._on_failed,
        )

    def _on_imported(self, change: ChangeSet) -> None:
        self.imported = change
        self.progress.hide()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.summary_label.setText(str(error))
        self.summary_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
