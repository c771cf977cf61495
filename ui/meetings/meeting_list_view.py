"""The list of meetings: search, table, empty state and count, with its buttons.

The view shows and filters; it asks for actions by signal (``open_requested(meeting_id)``,
``new_requested``, ``delete_requested``) and the main window carries them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.meetings.meeting import MeetingSummary
from ui.meetings.meeting_list_model import (
    DATE_COLUMN,
    MEETING_ID_ROLE,
    ORGANIZATION_COLUMN,
    PEOPLE_COLUMN,
    PLACE_COLUMN,
    STATUS_COLUMN,
    TITLE_COLUMN,
    MeetingFilterProxyModel,
    MeetingListModel,
)
from ui.shell.icons import icon
from ui.widgets.empty_state import EmptyState

SEARCH_DELAY_MS = 120


class MeetingListView(QWidget):
    """``selection_changed`` fires when the selected meeting or the shown rows change."""

    open_requested = Signal(str)
    new_requested = Signal()
    delete_requested = Signal()
    selection_changed = Signal()

    def __init__(
        self,
        list_model: MeetingListModel,
        proxy_model: MeetingFilterProxyModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingListPage")
        self.list_model = list_model
        self.proxy_model = proxy_model
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self._build()

    def _build(self) -> None:
        title = QLabel(_("Réunions"))
        title.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            _("Rechercher par titre, organisateur ou lieu (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(380)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.new_button = QPushButton(icon("new-light"), _("Nouvelle réunion"))
        self.new_button.setObjectName("newMeetingButton")
        self.new_button.setProperty("accent", True)
        self.new_button.setToolTip(_("Créer une réunion (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(icon("open"), _("Ouvrir"))
        self.open_button.setObjectName("openMeetingButton")
        self.open_button.setToolTip(_("Ouvrir la réunion sélectionnée (Entrée)"))
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(icon("delete"), _("Supprimer"))
        self.delete_button.setObjectName("deleteMeetingButton")
        self.delete_button.setToolTip(_("Supprimer la réunion sélectionnée (Suppr)"))
        self.delete_button.clicked.connect(self.delete_requested)

        self.table = QTableView()
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.proxy_model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in (ORGANIZATION_COLUMN, PLACE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 230)
        for column in (DATE_COLUMN, STATUS_COLUMN, PEOPLE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)
        delete_in_table = QAction(self.table)
        delete_in_table.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_in_table.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_in_table.triggered.connect(self.delete_requested)
        self.table.addAction(delete_in_table)

        self.list_empty_state = EmptyState("meeting", "", "")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.list_empty_state)
        self.count_label = QLabel()
        self.count_label.setObjectName("secondaryText")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search_edit)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.delete_button)
        card = QFrame()
        card.setObjectName("listCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.list_stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(card, 1)
        layout.addLayout(bottom)

    def show_meetings(self, meetings: Sequence[MeetingSummary]) -> None:
        """Fill the list, keeping the selected meeting selected."""
        selected = self.selected_meeting_id()
        self.list_model.set_rows(meetings)
        self.select_meeting(selected)
        self.update_state()

    def apply_search(self) -> None:
        self.proxy_model.set_search(self.search_edit.text())
        self.update_state()

    def _on_search_return_pressed(self) -> None:
        self._search_timer.stop()
        self.apply_search()
        if self.proxy_model.rowCount() == 1:
            self.open_requested.emit(self.proxy_model.index(0, 0).data(MEETING_ID_ROLE))
        elif self.proxy_model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def update_state(self) -> None:
        """The empty state, or the table, and the count under it."""
        shown, total = self.proxy_model.rowCount(), self.list_model.rowCount()
        if not total:
            self.list_empty_state.set_text(
                _("Aucune réunion pour l'instant"),
                _("Créez votre première réunion avec « Nouvelle réunion » (Ctrl+N)."),
            )
        elif not shown:
            self.list_empty_state.set_text(
                _("Aucune réunion ne correspond à « {search} »").format(
                    search=self.search_edit.text().strip()
                ),
                _("Vérifiez l'orthographe ou effacez la recherche (Échap)."),
            )
        self.list_stack.setCurrentIndex(0 if shown else 1)
        if self.proxy_model.searching:
            text = ngettext(
                "{shown} réunion sur {total}", "{shown} réunions sur {total}", shown
            ).format(shown=shown, total=total)
        else:
            text = ngettext("{total} réunion", "{total} réunions", total).format(total=total)
        self.count_label.setText(text)
        self.selection_changed.emit()

    def selected_meeting_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MEETING_ID_ROLE) if rows else None

    def selected_title(self) -> str:
        meeting_id = self.selected_meeting_id()
        row = self.list_model.row_of(meeting_id) if meeting_id else None
        return self.list_model.meeting_at(row).title if row is not None else ""

    def select_meeting(self, meeting_id: str | None) -> None:
        row = self.list_model.row_of(meeting_id) if meeting_id else None
        if row is None:
            return
        index = self.proxy_model.mapFromSource(self.list_model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())

    def set_selection_actions_enabled(self, enabled: bool) -> None:
        self.open_button.setEnabled(enabled)
        self.delete_button.setEnabled(enabled)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def clear_search(self) -> bool:
        """Empty the search (Échap); False when there was nothing to clear."""
        if not self.search_edit.text():
            return False
        self.search_edit.clear()
        return True

    def _open_selected(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is not None:
            self.open_requested.emit(meeting_id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(MEETING_ID_ROLE))
