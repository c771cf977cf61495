"""Attendance broken down by commune, neighbourhood or age bracket."""

from __future__ import annotations

from PySide6.QtCore import Qt

from civodesk.checkin.views import BreakdownRow
from civodesk.i18n import N_
from ui.widgets.row_table_model import Index, RowTableModel

COLUMNS = (N_("Groupe"), N_("Présents"), N_("Inscrits"))


class BreakdownModel(RowTableModel):
    headers = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row: BreakdownRow | None = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.present, row.registered)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
