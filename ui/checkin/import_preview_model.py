"""The rows of a CSV import preview, those with problems in red with the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from civodesk.i18n import N_
from civodesk.participants.import_preview import ImportPreview, PreviewRow
from ui.widgets.row_table_model import Index, RowTableModel

COLUMNS = (
    N_("Ligne"),
    N_("Nom"),
    N_("Prénom"),
    N_("Courriel"),
    N_("Téléphone"),
    N_("Commune"),
    N_("Quartier"),
    N_("Tranche d'âge"),
    N_("Problème"),
)
ERROR_BACKGROUND = QColor("#fde8e6")
ERROR_TEXT = QColor("#b3261e")


class ImportPreviewModel(RowTableModel):
    headers = COLUMNS

    def set_preview(self, preview: ImportPreview | None, errors_only: bool = False) -> None:
        rows = list(preview.rows) if preview is not None else []
        self.set_rows([row for row in rows if row.errors] if errors_only else rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row: PreviewRow | None = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            fields = row.fields
            values = (
                row.line,
                fields.last_name,
                fields.first_name,
                fields.email,
                fields.phone,
                fields.commune,
                fields.neighbourhood,
                fields.age_bracket,
                " ".join(row.errors),
            )
            return values[index.column()]
        if row.errors and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(ERROR_BACKGROUND)
        if row.errors and role == Qt.ItemDataRole.ForegroundRole and index.column() == 8:
            return QBrush(ERROR_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and row.errors:
            return "\n".join(row.errors)
        return None
