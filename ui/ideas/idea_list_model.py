"""The ideas of a meeting, for read-only lists."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from civodesk.i18n import N_, _
from civodesk.ideas.idea import IdeaSource, IdeaView

IDEA_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IDEA_SOURCE_ROLE = Qt.ItemDataRole.UserRole + 2

SOURCE_LABELS = {
    IdeaSource.FLOOR: N_("Prise de parole"),
    IdeaSource.POSTIT: N_("Post-it"),
}

Index = QModelIndex | QPersistentModelIndex


class IdeaListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ideas: list[IdeaView] = []

    def set_ideas(self, ideas: Sequence[IdeaView]) -> None:
        self.beginResetModel()
        self._ideas = list(ideas)
        self.endResetModel()

    def update_ideas(self, ideas: Sequence[IdeaView], requested: Collection[str]) -> None:
        """After a change: the requested ideas found in ``ideas`` are replaced in place or added
        at the end (they are the newest), the others are removed."""
        fresh = {idea.id: idea for idea in ideas}
        for row in reversed(range(len(self._ideas))):
            idea_id = self._ideas[row].id
            if idea_id in requested and idea_id not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ideas[row]
                self.endRemoveRows()
            elif idea_id in fresh:
                self._ideas[row] = fresh.pop(idea_id)
                self.dataChanged.emit(self.index(row), self.index(row))
        added = [idea for idea in ideas if idea.id in fresh]
        if added:
            first = len(self._ideas)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._ideas.extend(added)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ideas)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ideas):
            return None
        idea = self._ideas[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return idea.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(SOURCE_LABELS[idea.source])
        if role == IDEA_ID_ROLE:
            return idea.id
        if role == IDEA_SOURCE_ROLE:
            return idea.source.value
        return None
