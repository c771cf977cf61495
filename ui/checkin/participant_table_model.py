"""The desk's search results: one row per participant, present ones marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.views import CheckinRow
from civodesk.i18n import N_, _

ParticipantIdRole = Qt.ItemDataRole.UserRole + 1
PresentRole = Qt.ItemDataRole.UserRole + 2

COLUMNS = (N_("Nom"), N_("Prénom"), N_("Commune"), N_("Code"), N_("Présence"))
PRESENT_COLOR = QColor("#1e7b34")

Index = QModelIndex | QPersistentModelIndex


class CheckinTableModel(QAbstractTableModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[CheckinRow] = []

    def set_rows(self, rows: Sequence[CheckinRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def mark_present(self, participant_id: str, present: bool) -> None:
        """Show a check-in at once, before the list is reloaded."""
        for index, row in enumerate(self._rows):
            if row.participant_id == participant_id and row.present != present:
                self._rows[index] = replace(row, present=present)
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))

    def row_at(self, row: int) -> CheckinRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.last_name or _("(nom effacé)")
            if column == 1:
                return row.first_name
            if column == 2:
                return row.commune
            if column == 3:
                return format_manual_code(row.manual_code) if row.manual_code else "—"
            return _("Présent ✓") if row.present else _("Attendu")
        if role == ParticipantIdRole:
            return row.participant_id
        if role == PresentRole:
            return row.present
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.present:
            return QBrush(PRESENT_COLOR)
        if role == Qt.ItemDataRole.FontRole and column == 4 and row.present:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = _("présent") if row.present else _("attendu")
            return f"{row.display_name}, {row.commune}, {state}"
        return None
