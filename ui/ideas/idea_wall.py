"""The idea wall: one column per cluster (and one for ideas not grouped yet), side by side.

Ideas are dragged from column to column, or grouped by keyboard from the page (Alt+1…9). Each
column is a ``QListView`` over a ``ColumnModel``: the ids it shows, drawn from the page's one
``IdeaWallModel``. Only the cards in view are painted (``QListView`` with cards of one size), so a
column of thousands of ideas costs what its visible cards cost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _
from civodesk.ideas.idea import ClusterView, IdeaFilter, IdeaView
from civodesk.ideas.reading import IdeaMatcher
from ui.ideas.idea_wall_model import (
    IDEA_ID_ROLE,
    ColumnModel,
    IdeaWallModel,
    ids_from_mime,
    wall_buckets,
)

COLUMN_WIDTH = 270


class ClusterListView(QListView):
    """A column's cards. ``ideas_dropped(ids, cluster_id, index)`` when cards are dropped on it."""

    ideas_dropped = Signal(list, object, int)

    def __init__(self, cards: ColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = cards
        self.setModel(cards)
        self.setObjectName("clusterList")
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Cards of one height (four lines, the full text in the tooltip and the editor): a column
        # of thousands of ideas lays out without measuring every one.
        self.setUniformItemSizes(True)

    def selected_ids(self) -> list[str]:
        rows = sorted(self.selectionModel().selectedRows(), key=lambda index: index.row())
        return [str(index.data(IDEA_ID_ROLE)) for index in rows]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if ids_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if ids_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = ids_from_mime(event.mimeData())
        if not ids:
            event.ignore()
            return
        target = self.indexAt(event.position().toPoint())
        index = target.row() if target.isValid() else self.cards.rowCount()
        event.setDropAction(Qt.DropAction.CopyAction)  # the model moves nothing: the service does
        event.accept()
        self.ideas_dropped.emit(ids, self.cards.cluster_id, index)


class ClusterColumn(QFrame):
    """A column: its header (name and count) and its cards. The page's Groupe menu renames,
    moves and removes the group of the column in focus."""

    def __init__(
        self, cluster: ClusterView | None, list_view: ClusterListView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clusterColumn")
        self.cluster = cluster
        self.list_view = list_view
        self.setFixedWidth(COLUMN_WIDTH)
        self.title = QLabel(cluster.name if cluster else _("Sans groupe"))
        self.title.setObjectName("clusterTitle")
        self.title.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("secondaryText")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(list_view, 1)
        list_view.cards.rowsInserted.connect(self._show_count)
        list_view.cards.rowsRemoved.connect(self._show_count)
        list_view.cards.modelReset.connect(self._show_count)
        list_view.cards.layoutChanged.connect(self._show_count)
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(str(self.list_view.cards.rowCount()))


class IdeaWallView(QScrollArea):
    """The columns. Rebuilt when the clusters change; cards update through the shared model."""

    ideas_dropped = Signal(list, object, int)
    activated = Signal(str)

    def __init__(
        self, model: IdeaWallModel, matcher: IdeaMatcher, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ideaWall")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._model = model
        self._matcher = matcher
        self._filter = IdeaFilter()
        self.columns: list[ClusterColumn] = []
        self._inner = QWidget()
        self._row = QHBoxLayout(self._inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        self.setWidget(self._inner)

    def sizeHint(self) -> QSize:
        return QSize(COLUMN_WIDTH * 3, 400)

    def set_clusters(self, clusters: Sequence[ClusterView]) -> None:
        focused = self.current_cluster_id()
        for column in self.columns:
            self._row.removeWidget(column)
            column.deleteLater()
        self.columns = []
        for cluster in [*clusters, None]:
            view = ClusterListView(ColumnModel(cluster.id if cluster else None, self._model, self))
            view.ideas_dropped.connect(self.ideas_dropped)
            view.doubleClicked.connect(lambda index: self.activated.emit(index.data(IDEA_ID_ROLE)))
            column = ClusterColumn(cluster, view)
            self._row.insertWidget(self._row.count() - 1, column)
            self.columns.append(column)
        self.refilter()
        for column in self.columns:
            if column.list_view.cards.cluster_id == focused:
                column.list_view.setFocus()

    def set_filter(self, wanted: IdeaFilter) -> None:
        self._filter = wanted
        self.refilter()

    def refilter(self) -> None:
        """Every column again, from one pass over the ideas (after a filter or a reload)."""
        buckets = wall_buckets(self._model, self._matcher, self._filter)
        for column in self.columns:
            column.list_view.cards.refill(buckets.get(column.list_view.cards.cluster_id, []))
        self.apply_visibility()

    def ideas_changed(self, ids: Collection[str]) -> None:
        """Those ideas changed in the source model: each column updates just their cards."""

        def shown(idea: IdeaView) -> bool:
            return self._matcher.matches(idea, self._filter)

        for column in self.columns:
            column.list_view.cards.update(ids, shown)
        self.apply_visibility()

    def apply_visibility(self) -> None:
        """Filtering by a cluster shows its column only; while searching (text, tag, author) the
        columns with no match step aside, so the matches are in view; otherwise every group shows
        (an empty one is a drop target) and the ungrouped column hides when empty."""
        wanted = self._filter
        searching = bool(wanted.text.strip() or wanted.tag or wanted.author_id)
        for column in self.columns:
            cluster_id = column.list_view.cards.cluster_id
            filled = column.list_view.cards.rowCount() > 0
            if wanted.cluster_id is not None:
                column.setVisible(cluster_id == wanted.cluster_id)
            else:
                column.setVisible(filled or (cluster_id is not None and not searching))

    def column_for(self, cluster_id: str | None) -> ClusterColumn | None:
        return next((c for c in self.columns if c.list_view.cards.cluster_id == cluster_id), None)

    def current_column(self) -> ClusterColumn | None:
        for column in self.columns:
            if column.list_view.hasFocus():
                return column
        return next((c for c in self.columns if c.list_view.selected_ids()), None)

    def current_cluster_id(self) -> str | None:
        column = self.current_column()
        return column.list_view.cards.cluster_id if column else None

    def selected_ids(self) -> list[str]:
        column = self.current_column()
        return column.list_view.selected_ids() if column else []

    def focus_neighbour(self, step: int) -> None:
        """Ctrl+Left/Right: the next visible column."""
        visible = [c for c in self.columns if c.isVisible()]
        if not visible:
            return
        current = self.current_column()
        at = visible.index(current) if current in visible else 0
        target = visible[max(0, min(len(visible) - 1, at + step))]
        target.list_view.setFocus()
        if target.list_view.cards.rowCount() and not target.list_view.selected_ids():
            target.list_view.setCurrentIndex(target.list_view.cards.index(0, 0))
        self.ensureWidgetVisible(target)
