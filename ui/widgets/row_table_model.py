"""The base of the read-only tables: a list of rows (frozen dataclasses) under translated headers."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from civodesk.i18n import _

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """Subclasses set ``headers`` (``N_()`` message ids) and implement ``data`` with ``row_for``.

    ``set_rows`` replaces every row at once (a first load, a new search). After a change,
    ``update_rows`` touches only the rows the change named: replaced in place (``dataChanged``),
    inserted at their place, or removed, so a view of 20,000 rows never reloads for one change.
    Subclasses that use it name their rows' id field in ``key_attribute`` (and implement
    ``row_order`` when the list is sorted).
    """

    headers: tuple[str, ...] = ()
    key_attribute = "id"
    """The row field that ``update_rows`` matches a change's ids against."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._positions: dict[str, int] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._positions = None
        self.endResetModel()

    def row_key(self, row: Any) -> str:
        """The id a change names this row by: the row's ``key_attribute``."""
        return str(getattr(row, self.key_attribute))

    def row_order(self, row: Any) -> Any:
        """The sort key of a row, where an inserted row goes; None appends at the end."""
        return None

    def position_of(self, key: str) -> int | None:
        """The row number of ``key`` (an index kept until rows are inserted or removed)."""
        if self._positions is None:
            self._positions = {self.row_key(row): number for number, row in enumerate(self._rows)}
        return self._positions.get(key)

    def update_rows(self, rows: Sequence[Any], requested: Collection[str]) -> None:
        """Apply a change to the ``requested`` ids only: each one found in ``rows`` (their new
        state) is replaced or inserted, each one missing from ``rows`` is removed."""
        fresh = {self.row_key(row): row for row in rows}
        last_column = max(0, self.columnCount() - 1)
        for key in sorted(requested):
            position = self.position_of(key)
            row = fresh.get(key)
            if position is not None and row is not None:
                self._rows[position] = row
                self.dataChanged.emit(self.index(position, 0), self.index(position, last_column))
            elif position is not None:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self._positions = None
                self.endRemoveRows()
            elif row is not None:
                self._insert(row)

    def replace_row(self, position: int, row: Any) -> None:
        """One row changed in place (an optimistic update before the database answers)."""
        self._rows[position] = row
        last_column = max(0, self.columnCount() - 1)
        self.dataChanged.emit(self.index(position, 0), self.index(position, last_column))

    def _insert(self, row: Any) -> None:
        order = self.row_order(row)
        if order is None:
            position = len(self._rows)
        else:
            position = bisect(self._rows, order, key=self.row_order)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self._positions = None
        self.endInsertRows()

    def row_at(self, row: int) -> Any:
        """The row at position ``row``, or None outside the table."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for(self, index: Index) -> Any:
        return self.row_at(index.row()) if index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return _(self.headers[section])
        return None
