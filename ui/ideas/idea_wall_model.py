"""The meeting's ideas for the wall: one source model, one light list model per cluster column.

The source model holds every idea once. Each column holds only the ids it shows, in order:
- a filter is worked out once for the whole wall (``IdeaMatcher`` over the ideas, bucketed by
  cluster), then each column takes its list (``ColumnModel.refill``);
- a change updates only the ideas it names: each column moves, inserts or repaints those cards
  (``ColumnModel.update``), so a new idea costs a few binary searches, not a refilter.
Typing in the search box never goes back to the database.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
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


def _on_wall(idea: IdeaView) -> bool:
    return not idea.withdrawn and idea.merged_into is None


class IdeaWallModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ideas: list[IdeaView] = []
        self._rows: dict[str, int] = {}
        self._size: QSize | None = None
        self.on_wall = 0
        """How many ideas are on the wall (neither withdrawn nor merged), kept as changes land."""

    def set_ideas(self, ideas: Sequence[IdeaView]) -> None:
        self.beginResetModel()
        self._ideas = list(ideas)
        self._rows = {idea.id: row for row, idea in enumerate(self._ideas)}
        self.on_wall = sum(map(_on_wall, self._ideas))
        self.endResetModel()

    def update_ideas(self, ideas: Sequence[IdeaView], requested: Collection[str]) -> None:
        """Replace the requested ideas found in ``ideas`` in place, add the new ones at the end,
        remove those no longer found."""
        fresh = {idea.id: idea for idea in ideas}
        gone = [self._rows[i] for i in requested if i in self._rows and i not in fresh]
        for row in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            self.on_wall -= _on_wall(self._ideas[row])
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
                self.on_wall += _on_wall(idea) - _on_wall(self._ideas[row])
                self._ideas[row] = idea
                self.dataChanged.emit(self.index(row), self.index(row))
        if added:
            first = len(self._ideas)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for offset, idea in enumerate(added):
                self.on_wall += _on_wall(idea)
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
        return self.card_data(self._ideas[index.row()], role)

    def card_data(self, idea: IdeaView, role: int) -> Any:
        """What a card shows for ``role``, whichever model (source or column) is asked."""
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
        return None

    def order_key(self, idea_id: str) -> tuple[float, int]:
        """Where a card sits in its column: its position in the cluster, then capture order."""
        row = self._rows[idea_id]
        return (self._ideas[row].cluster_position, row)

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


class ColumnModel(QAbstractListModel):
    """The ids one column shows (``cluster_id`` None: not grouped), in wall order."""

    def __init__(
        self, cluster_id: str | None, source: IdeaWallModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.cluster_id = cluster_id
        self._source = source
        self._shown: list[str] = []

    def ids(self) -> list[str]:
        return list(self._shown)

    def refill(self, ids: list[str]) -> None:
        """A new filter: the column's whole list at once (nothing happens when it is the same)."""
        if ids != self._shown:
            self.beginResetModel()
            self._shown = ids
            self.endResetModel()

    def update(self, changed: Collection[str], shown: Callable[[IdeaView], bool]) -> None:
        """Some ideas changed (already in the source model): repaint, move, add or drop them.

        ``shown(idea)`` says whether the page's filter shows it; a card that keeps its place is
        repainted in place, so it stays selected (pressing + again supports the same idea).
        """
        source = self._source
        wanted = {
            idea_id
            for idea_id in changed
            if (idea := source.idea(idea_id)) is not None
            and idea.cluster_id == self.cluster_id
            and shown(idea)
        }
        present = set(changed) & set(self._shown)
        for idea_id in present - wanted:
            self._remove(self._shown.index(idea_id))
        for idea_id in present & wanted:
            row = self._shown.index(idea_id)
            if self._in_order(row):
                self.dataChanged.emit(self.index(row), self.index(row))
            else:
                self._remove(row)
        key = source.order_key
        for idea_id in sorted(wanted - set(self._shown), key=key):
            row = bisect.bisect(self._shown, key(idea_id), key=key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._shown.insert(row, idea_id)
            self.endInsertRows()

    def _in_order(self, row: int) -> bool:
        key = self._source.order_key
        here = key(self._shown[row])
        before = row == 0 or key(self._shown[row - 1]) < here
        return before and (row == len(self._shown) - 1 or here < key(self._shown[row + 1]))

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._shown[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        idea = self._source.idea(self._shown[index.row()])
        return None if idea is None else self._source.card_data(idea, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [IDEA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return self._source.mimeData(indexes)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def wall_buckets(
    source: IdeaWallModel, matcher: IdeaMatcher, wanted: IdeaFilter
) -> dict[str | None, list[str]]:
    """The ids each cluster's column shows under ``wanted``, in wall order: one pass for the wall."""
    buckets: dict[str | None, list[str]] = {}
    for idea in source.ideas:
        if matcher.matches(idea, wanted):
            buckets.setdefault(idea.cluster_id, []).append(idea.id)
    key = source.order_key
    for ids in buckets.values():
        ids.sort(key=key)
    return buckets
