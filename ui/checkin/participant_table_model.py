"""The desk's search results: one row per participant, present ones marked."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.views import CheckinRow, checkin_order
from civodesk.i18n import N_, _
from ui.widgets.row_table_model import Index, RowTableModel

ParticipantIdRole = Qt.ItemDataRole.UserRole + 1
PresentRole = Qt.ItemDataRole.UserRole + 2

COLUMNS = (N_("Nom"), N_("Prénom"), N_("Commune"), N_("Code"), N_("Présence"))
PRESENT_COLOR = QColor("#1e7b34")


class CheckinTableModel(RowTableModel):
    headers = COLUMNS

    key_attribute = "participant_id"

    def row_order(self, row: CheckinRow) -> tuple[bool, str, str, str]:
        return checkin_order(row)

    def mark_present(self, participant_id: str, present: bool) -> None:
        """Show a check-in at once, before the database's answer for the row arrives."""
        position = self.position_of(participant_id)
        if position is not None and self._rows[position].present != present:
            self.replace_row(position, replace(self._rows[position], present=present))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row: CheckinRow | None = self.row_for(index)
        if row is None:
            return None
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
