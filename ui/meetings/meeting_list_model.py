"""The meetings list, and the search filter in front of it."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from civodesk.i18n import N_
from civodesk.meetings.meeting import MeetingSummary
from ui.shell.formatting import format_short_datetime, status_label
from ui.widgets.row_table_model import Index, RowTableModel

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 4

TITLE_COLUMN, ORGANIZATION_COLUMN, PLACE_COLUMN, DATE_COLUMN, STATUS_COLUMN, PEOPLE_COLUMN = range(
    6
)
HEADERS = (N_("Titre"), N_("Organisateur"), N_("Lieu"), N_("Date"), N_("Statut"), N_("Inscrits"))


def fold(text: str) -> str:
    """Lower case without accents, so "reunion" finds "Réunion"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class MeetingListModel(RowTableModel):
    headers = HEADERS

    def meeting_at(self, row: int) -> MeetingSummary:
        meeting: MeetingSummary = self._rows[row]
        return meeting

    def row_of(self, meeting_id: str) -> int | None:
        return self.position_of(meeting_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        meeting: MeetingSummary | None = self.row_for(index)
        if meeting is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(meeting, column)
        if role == SORT_ROLE:
            if column == DATE_COLUMN:
                return meeting.starts_at.timestamp()
            if column == PEOPLE_COLUMN:
                return meeting.participant_count
            return fold(self._display(meeting, column))
        if role == Qt.ItemDataRole.ToolTipRole and column in (
            TITLE_COLUMN,
            ORGANIZATION_COLUMN,
            PLACE_COLUMN,
        ):
            return self._display(meeting, column)  # the full text where the column elides it
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PEOPLE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == MEETING_ID_ROLE:
            return meeting.id
        if role == STATUS_ROLE:
            return meeting.status.value
        if role == SEARCH_TEXT_ROLE:
            return fold(" ".join((meeting.title, meeting.organization, meeting.place)))
        return None

    @staticmethod
    def _display(meeting: MeetingSummary, column: int) -> str:
        if column == TITLE_COLUMN:
            return meeting.title
        if column == ORGANIZATION_COLUMN:
            return meeting.organization
        if column == PLACE_COLUMN:
            return meeting.place
        if column == DATE_COLUMN:
            return format_short_datetime(meeting.starts_at)
        if column == STATUS_COLUMN:
            return status_label(meeting.status)
        return str(meeting.participant_count)


class MeetingFilterProxyModel(QSortFilterProxyModel):
    """Keeps the meetings whose title, organizer or place contain every typed word.

    Case and accents are ignored. Sorting uses ``SORT_ROLE`` (dates sort as dates).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    @property
    def searching(self) -> bool:
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        source = self.sourceModel()
        haystack = source.data(source.index(source_row, 0, source_parent), SEARCH_TEXT_ROLE)
        return all(word in haystack for word in self._words)
