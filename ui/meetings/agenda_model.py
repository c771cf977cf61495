"""The ordered agenda of a meeting, as an editable table (title, planned duration).

The dialog edits a draft copy; ``rows()`` gives it back, and each row remembers the id of the
agenda item it came from so the changes can be turned into service calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from civodesk.i18n import N_, _
from civodesk.meetings.meeting import AgendaItemFields, AgendaItemView, validate_agenda_item

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_ROLE = Qt.ItemDataRole.UserRole + 2

NUMBER_COLUMN, TITLE_COLUMN, DURATION_COLUMN = range(3)
HEADERS = (N_("N°"), N_("Intitulé"), N_("Durée (min)"))
ERROR_COLOR = QColor("#b3261e")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AgendaRow:
    """One agenda line as edited; ``item_id`` is None for a line not saved yet."""

    title: str
    duration_minutes: int
    item_id: str | None = None

    @property
    def fields(self) -> AgendaItemFields:
        return AgendaItemFields(self.title, self.duration_minutes)


class AgendaModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, editable: bool = True) -> None:
        super().__init__(parent)
        self._rows: list[AgendaRow] = []
        self._editable = editable

    # Content -------------------------------------------------------------------------------

    def set_items(self, items: Sequence[AgendaItemView]) -> None:
        self.set_rows([AgendaRow(item.title, item.duration_minutes, item.id) for item in items])

    def set_rows(self, rows: Sequence[AgendaRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[AgendaRow]:
        return list(self._rows)

    def total_minutes(self) -> int:
        return sum(row.duration_minutes for row in self._rows)

    def first_error(self) -> str | None:
        """The first problem in the agenda, prefixed with its line number, or None."""
        for number, row in enumerate(self._rows, start=1):
            errors = validate_agenda_item(row.fields)
            if errors:
                return _("Point {number} : {message}").format(
                    number=number, message=errors[0].message
                )
        return None

    # Editing -------------------------------------------------------------------------------

    def add_row(self, title: str, duration_minutes: int) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(AgendaRow(title, duration_minutes))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def move_row(self, row: int, new_row: int) -> bool:
        """Move ``row`` so that it ends up at ``new_row``."""
        if not (0 <= row < len(self._rows) and 0 <= new_row < len(self._rows)) or row == new_row:
            return False
        destination = new_row + 1 if new_row > row else new_row  # Qt counts before the move
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(new_row, self._rows.pop(row))
        self.endMoveRows()
        self._renumber()
        return True

    def _renumber(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, NUMBER_COLUMN), self.index(len(self._rows) - 1, NUMBER_COLUMN)
            )

    # Qt model interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return _(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and index.column() in (TITLE_COLUMN, DURATION_COLUMN):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == NUMBER_COLUMN:
                return index.row() + 1
            if column == TITLE_COLUMN:
                return row.title
            if column == DURATION_COLUMN:
                return row.duration_minutes
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TITLE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ITEM_ID_ROLE:
            return row.item_id
        errors = validate_agenda_item(row.fields)
        field = {TITLE_COLUMN: "title", DURATION_COLUMN: "duration_minutes"}.get(column)
        message = next((error.message for error in errors if error.field == field), None)
        if role == ERROR_ROLE:
            return message
        if message is not None and role == Qt.ItemDataRole.ToolTipRole:
            return message
        if message is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(ERROR_COLOR)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self._rows[index.row()]
        if index.column() == TITLE_COLUMN:
            updated = replace(row, title=str(value))
        else:
            try:
                updated = replace(row, duration_minutes=int(value))
            except (TypeError, ValueError):
                return False
        self._rows[index.row()] = updated
        self.dataChanged.emit(index, index)
        return True
