"""Importing a registration list: choose the file, confirm the columns, see what each row will do.

A list can be imported over the registered one: the preview says, row by row, whether the person is
new, changed, unchanged (matched by e-mail, or by name and commune) or to fix, with the reason.
Nothing is imported while a row is in error, unless the person chooses to leave those rows out.
Consent is never assumed: it is stated here for the whole list, or read from a consent column.
The import runs on the database thread with a busy indicator, in one transaction (all or nothing),
and is undone as one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.i18n import _, ngettext
from civodesk.participants.column_mapping import IMPORT_FIELDS, field_label
from civodesk.participants.csv_reading import ENCODINGS, encoding_label
from civodesk.participants.import_preview import ImportPreview
from civodesk.participants.list_import import StalePreviewError
from ui.checkin.import_preview_model import REASON_COLUMN, ImportPreviewModel
from ui.checkin.participant_dialog import DEFAULT_PURPOSE
from ui.shell.workspace_context import WorkspaceContext

REASON_WIDTH = 340
MAPPING_COLUMNS = 3
"""Column boxes side by side, so a wide file still leaves room for the preview at 1366×768."""


def read_and_preview(
    context: WorkspaceContext,
    meeting_id: str,
    path: Path,
    mapping: dict[int, str | None] | None,
    encoding: str | None = None,
    consent_purpose: str = "",
) -> ImportPreview:
    """Database-thread job: read the file, match and check it."""
    return context.services.participants.preview_import(
        meeting_id, path.read_bytes(), mapping, encoding, consent_purpose=consent_purpose
    )


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
        self._notice = ""
        """Said above the next preview's summary (why the file was read again)."""

        self.file_label = QLabel(
            _(
                "Choisissez un fichier CSV exporté d'Excel, de LibreOffice, de Google Sheets ou "
                "d'une plateforme en ligne (séparateur « ; », « , » ou tabulation). Une liste mise "
                "à jour peut être importée par-dessus la liste actuelle."
            )
        )
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(_("Choisir un fichier…"))
        self.choose_button.setObjectName("chooseFileButton")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.encoding_box = QComboBox()
        self.encoding_box.setObjectName("encodingBox")
        self.encoding_box.addItem(_("Reconnaître automatiquement"), None)
        for codec, _label in ENCODINGS.values():
            self.encoding_box.addItem(encoding_label(codec), codec)
        self.encoding_box.setToolTip(
            _(
                "Si les accents s'affichent mal dans l'aperçu, choisissez le logiciel qui a "
                "enregistré le fichier."
            )
        )
        self.encoding_box.currentIndexChanged.connect(self._reload)
        self.mapping_title = QLabel(_("Colonnes du fichier"))
        self.mapping_title.setObjectName("sectionTitle")
        self.mapping_grid = QGridLayout()
        mapping_holder = QWidget()
        mapping_holder.setLayout(self.mapping_grid)
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setWidget(mapping_holder)
        self.mapping_area.setMaximumHeight(132)
        self.mapping_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mapping_boxes: list[QComboBox] = []

        self.consent_check = QCheckBox(
            _("Toutes les personnes de cette liste ont consenti à cette finalité :")
        )
        self.consent_check.setObjectName("importConsentCheck")
        self.purpose = QLineEdit(_(DEFAULT_PURPOSE))
        self.purpose.setObjectName("importPurpose")
        self.purpose.setEnabled(False)
        self.consent_hint = QLabel(
            _(
                "Sans consentement (ni cette case ni une colonne « Consentement » à oui), seuls "
                "le nom, le prénom, la commune, le quartier et la tranche d'âge sont conservés : "
                "le courriel et le téléphone ne sont pas enregistrés."
            )
        )
        self.consent_hint.setObjectName("consentHint")
        self.consent_hint.setWordWrap(True)
        self.consent_check.toggled.connect(self.purpose.setEnabled)
        self.consent_check.toggled.connect(self._reload)
        self.purpose.editingFinished.connect(self._on_purpose_edited)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.errors_only = QCheckBox(_("Seulement les lignes à corriger"))
        self.errors_only.toggled.connect(self._show_rows)
        self.skip_errors = QCheckBox(_("Importer sans les lignes à corriger"))
        self.skip_errors.setObjectName("skipErrorsCheck")
        self.skip_errors.toggled.connect(self._update_import_button)
        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("importPreviewTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
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
        top.addWidget(QLabel(_("Enregistré par :")))
        top.addWidget(self.encoding_box)
        top.addWidget(self.choose_button)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_check)
        consent_row.addWidget(self.purpose, 1)
        filters = QHBoxLayout()
        filters.addWidget(self.errors_only)
        filters.addWidget(self.skip_errors)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)
        bottom.addWidget(cancel)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping_title)
        layout.addWidget(self.mapping_area)
        layout.addLayout(consent_row)
        layout.addWidget(self.consent_hint)
        layout.addWidget(self.summary_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.mapping_title.hide()
        self.mapping_area.hide()
        self.errors_only.hide()
        self.skip_errors.hide()

    def consent_purpose(self) -> str:
        """The purpose the whole list consented to, or "" when the box is not ticked."""
        return self.purpose.text().strip() if self.consent_check.isChecked() else ""

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
            self.encoding_box.currentData(),
            self.consent_purpose(),
            on_done=self._on_preview_ready,
            on_error=self._on_failed,
        )

    def _reload(self) -> None:
        if self.path is not None:
            self.load_file(self.path, self.current_mapping() if self.mapping_boxes else None)

    def _on_purpose_edited(self) -> None:
        if self.consent_check.isChecked():
            self._reload()

    def _on_preview_ready(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._build_mapping(preview)
        errors = preview.error_rows
        if preview.file_errors:
            text = "\n".join(preview.file_errors)
            color = "#b3261e"
        else:
            text = _(
                "{rows} lignes lues ({encoding}, séparateur « {separator} ») — nouvelles : {new}, "
                "modifiées : {changed}, inchangées : {unchanged}, à corriger : {errors}. Les "
                "personnes déjà inscrites sont retrouvées par leur courriel, ou à défaut par leur "
                "nom et leur commune."
            ).format(
                rows=len(preview.rows),
                encoding=encoding_label(preview.encoding),
                separator=_("tabulation") if preview.separator == "\t" else preview.separator,
                new=len(preview.new_rows),
                changed=len(preview.changed_rows),
                unchanged=len(preview.unchanged_rows),
                errors=len(errors),
            )
            if errors:
                text += " " + _(
                    "Rien n'est importé tant qu'il reste une ligne à corriger, sauf si vous "
                    "choisissez de les laisser de côté."
                )
            color = "#b3261e" if errors else "#1e7b34"
        if self._notice:
            text, self._notice = f"{self._notice}\n{text}", ""
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color: {color}; font-weight: 600;")
        self.errors_only.setVisible(bool(errors))
        self.errors_only.setChecked(bool(errors))
        self.skip_errors.setVisible(bool(errors) and preview.importable_skipping_errors())
        self.skip_errors.setChecked(False)
        self._show_rows()
        self._update_import_button()

    def _ready(self) -> bool:
        preview = self.preview
        if preview is None or not preview.importable_skipping_errors():
            return False
        return preview.importable or self.skip_errors.isChecked()

    def _update_import_button(self) -> None:
        preview = self.preview
        ready = self._ready()
        self.import_button.setEnabled(ready)
        if preview is None or not ready:
            self.import_button.setText(_("Importer"))
            return
        new, changed = len(preview.new_rows), len(preview.changed_rows)
        if not changed:
            text = ngettext(
                "Importer {count} participant", "Importer {count} participants", new
            ).format(count=new)
        else:
            text = _("Importer (nouvelles : {new}, modifiées : {changed})").format(
                new=new, changed=changed
            )
        self.import_button.setText(text)

    def _build_mapping(self, preview: ImportPreview) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.mapping_boxes = []
        self.mapping_title.setVisible(bool(preview.headers))
        self.mapping_area.setVisible(bool(preview.headers))
        for index, header in enumerate(preview.headers):
            box = QComboBox()
            box.setObjectName(f"mappingBox{index}")
            box.addItem(_("(ignorer cette colonne)"), None)
            for field in IMPORT_FIELDS:
                box.addItem(field_label(field), field)
            box.setCurrentIndex(max(0, box.findData(preview.mapping.get(index))))
            box.currentIndexChanged.connect(self._on_mapping_changed)
            self.mapping_boxes.append(box)
            label = QLabel(header or _("(sans titre)"))
            label.setToolTip(header)
            row, column = divmod(index, MAPPING_COLUMNS)
            self.mapping_grid.addWidget(label, row, 2 * column)
            self.mapping_grid.addWidget(box, row, 2 * column + 1)

    def current_mapping(self) -> dict[int, str | None]:
        return {index: box.currentData() for index, box in enumerate(self.mapping_boxes)}

    def _on_mapping_changed(self) -> None:
        if self.path is not None:
            self.load_file(self.path, self.current_mapping())

    def _show_rows(self) -> None:
        self.model.set_preview(self.preview, self.errors_only.isChecked())
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            limit = REASON_WIDTH if column == REASON_COLUMN else 160
            header.resizeSection(column, min(header.sectionSize(column), limit))

    def _on_import_clicked(self) -> None:
        if self.preview is None or not self._ready():
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.progress.show()
        self.summary_label.setText(_("Import en cours…"))
        self._context.run_change(
            self._context.services.participants.import_preview,
            self._meeting_id,
            self.preview,
            self.skip_errors.isChecked(),
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
        if isinstance(error, StalePreviewError):
            self._notice = str(error)  # read the file again against the list as it is now
            self._reload()
            return
        self.summary_label.setText(str(error))
        self.summary_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
