"""The rows of a CSV import preview, those with problems in red with the reason."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from civodesk.checkin.import_preview import ImportPreview, PreviewRow
from civodesk.i18n import N_, _

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
Index = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[PreviewRow] = []

    def set_preview(self, preview: ImportPreview | None, errors_only: bool = False) -> None:
        self.beginResetModel()
        rows = list(preview.rows) if preview is not None else []
        self._rows = [row for row in rows if row.errors] if errors_only else rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
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
