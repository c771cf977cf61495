"""The meeting's ideas for the wall: one source model, one filtering proxy per cluster column.

A change updates only the ideas it names (``update_ideas``); a filter only re-runs the proxies, so
typing in the search box never goes back to the database.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics

from civodesk.i18n import ngettext
from civodesk.ideas.idea import IdeaFilter, IdeaView
from civodesk.ideas.reading import IdeaMatcher
from civodesk.projector.slides import shorten
from ui.projector.slide_view import CARD_COLOURS

IDEA_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IDEA_ROLE = Qt.ItemDataRole.UserRole + 2
POSITION_ROLE = Qt.ItemDataRole.UserRole + 3
IDEA_MIME = "application/x-civodesk-idea-ids"
CARD_TEXT = 110
CARD_LINES = 4

Index = QModelIndex | QPersistentModelIndex


def card_text(idea: IdeaView) -> str:
    """What a wall card shows: the text shortened for display, supports and merged count."""
    text, _cut = shorten(idea.text, CARD_TEXT)
    marks = []
    if idea.supports:
        marks.append(f"+{idea.supports}")
    if idea.merged_from:
        marks.append(
            ngettext("{count} fusionnée", "{count} fusionnées", len(idea.merged_from)).format(
                count=len(idea.merged_from)
            )
        )
    if idea.tags:
        marks.append(" ".join(f"#{tag}" for tag in idea.tags))
    return f"{text}\n{' · '.join(marks)}" if marks else text


class IdeaWallModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ideas: list[IdeaView] = []
        self._rows: dict[str, int] = {}
        self._size: QSize | None = None

    def set_ideas(self, ideas: Sequence[IdeaView]) -> None:
        self.beginResetModel()
        self._ideas = list(ideas)
        self._rows = {idea.id: row for row, idea in enumerate(self._ideas)}
        self.endResetModel()

    def update_ideas(self, ideas: Sequence[IdeaView], requested: Collection[str]) -> None:
        """Replace the requested ideas found in ``ideas`` in place, add the new ones at the end,
        remove those no longer found."""
        fresh = {idea.id: idea for idea in ideas}
        gone = [self._rows[i] for i in requested if i in self._rows and i not in fresh]
        for row in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ideas[row]
            self.endRemoveRows()
        if gone:
            self._rows = {idea.id: row for row, idea in enumerate(self._ideas)}
        added = []
        for idea in ideas:
            row = self._rows.get(idea.id)
            if row is None:
                added.append(idea)
            else:
                self._ideas[row] = idea
                self.dataChanged.emit(self.index(row), self.index(row))
        if added:
            first = len(self._ideas)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for offset, idea in enumerate(added):
                self._ideas.append(idea)
                self._rows[idea.id] = first + offset
            self.endInsertRows()

    def _card_size(self) -> QSize:
        """Every card the same height (four lines): long columns lay out without measuring."""
        if self._size is None:
            self._size = QSize(240, QFontMetrics(QFont()).lineSpacing() * CARD_LINES + 8)
        return self._size

    def idea(self, idea_id: str) -> IdeaView | None:
        row = self._rows.get(idea_id)
        return None if row is None else self._ideas[row]

    @property
    def ideas(self) -> list[IdeaView]:
        return list(self._ideas)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ideas)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ideas):
            return None
        idea = self._ideas[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card_text(idea)
        if role == Qt.ItemDataRole.ToolTipRole:
            author = idea.author_name or "—"
            return f"{idea.text[:2000]}\n\n{author}"
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._card_size()
        if role == Qt.ItemDataRole.BackgroundRole and idea.colour in CARD_COLOURS:
            return QBrush(QColor(CARD_COLOURS[idea.colour]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#777777" if idea.withdrawn else "#111111"))
        if role == Qt.ItemDataRole.FontRole and idea.withdrawn:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == IDEA_ID_ROLE:
            return idea.id
        if role == IDEA_ROLE:
            return idea
        if role == POSITION_ROLE:
            return idea.cluster_position
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [IDEA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [index.data(IDEA_ID_ROLE) for index in indexes if index.isValid()]
        data.setData(IDEA_MIME, json.dumps(ids).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def ids_from_mime(data: QMimeData) -> list[str]:
    if not data.hasFormat(IDEA_MIME):
        return []
    raw = bytes(data.data(IDEA_MIME).data()).decode()
    return [str(value) for value in json.loads(raw)]


class ClusterFilterModel(QSortFilterProxyModel):
    """The ideas of one cluster (``None``: not grouped) that match the page's filter, in order."""

    def __init__(
        self, cluster_id: str | None, matcher: IdeaMatcher, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.cluster_id = cluster_id
        self._matcher = matcher
        self._wanted = IdeaFilter()
        self.setSortRole(POSITION_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, wanted: IdeaFilter) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._wanted = wanted
            self.endFilterChange()
        else:
            self._wanted = wanted
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        idea = self.sourceModel().index(source_row, 0, source_parent).data(IDEA_ROLE)
        return (
            isinstance(idea, IdeaView)
            and idea.cluster_id == self.cluster_id
            and self._matcher.matches(idea, self._wanted)
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        return (left.data(POSITION_ROLE), left.row()) < (right.data(POSITION_ROLE), right.row())
