"""Keeping Accueil current as changes commit: the changed rows, then the counts, never a reload.

Each committed change reaches the page twice: its rows, read on the writer's thread by a
``ChangeFeed`` for the search shown, and the change itself (``apply_change``), which plans a
recount: soon after an edit, once the queue pauses after scans. A change that names no ids (a
purge), or a sync that brought other desks' events (``refresh``), reloads list and counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from civodesk.changes import ChangeSet
from civodesk.checkin.views import CheckinRow
from civodesk.services import Services
from civodesk.writer import ChangeBus
from ui.shell.change_feed import ChangeFeed

REFRESH_DELAY_MS = 250
COUNTS_AFTER_SCAN_MS = 1500  # during a queue at the door, recount once it pauses
PERSONAL_TOPICS = frozenset({"participants", "attendance", "checkin", "badges"})
COUNTED_TOPICS = frozenset({"participants", "attendance"})
SCAN_TOPICS = frozenset({"attendance", "checkin"})

RowsChanged = Callable[[Sequence[CheckinRow], frozenset[str]], None]


class LiveList(QObject):
    """``reload()`` reloads list and counts, ``recount()`` the counts, ``rows_changed(rows, ids)``
    applies the new state of the rows a change named (those missing no longer match)."""

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        limit: int,
        reload: Callable[[], None],
        recount: Callable[[], None],
        rows_changed: RowsChanged,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._limit = limit
        self._rows_changed = rows_changed
        self._shown = ("", "")  # (meeting, search text) of the list, read on the writer's thread
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(REFRESH_DELAY_MS)
        self._reload_timer.timeout.connect(reload)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.timeout.connect(recount)
        self._feed = ChangeFeed(bus, self._changed_rows, self)
        self._feed.fetched.connect(self._on_fetched)

    @property
    def shown(self) -> tuple[str, str]:
        return self._shown

    def showing(self, meeting_id: str, text: str) -> None:
        """The list now shows this search of this meeting (rows of later changes follow it)."""
        self._shown = (meeting_id, text)

    def refresh(self, topics: frozenset[str]) -> None:
        if topics & PERSONAL_TOPICS:
            self._reload_timer.start(REFRESH_DELAY_MS)

    def apply_change(self, change: ChangeSet) -> None:
        if change.meeting_id != self._shown[0] or not change.topics & PERSONAL_TOPICS:
            return
        if not change.knows_ids(*PERSONAL_TOPICS):
            self._reload_timer.start(REFRESH_DELAY_MS)
            return
        if change.topics & COUNTED_TOPICS and not self._reload_timer.isActive():
            if change.topics <= SCAN_TOPICS:
                self._counts_timer.start(COUNTS_AFTER_SCAN_MS)
            elif not self._counts_timer.isActive():
                self._counts_timer.start(REFRESH_DELAY_MS)

    def close(self) -> None:
        self._feed.close()

    def _changed_rows(self, change: ChangeSet) -> tuple[list[CheckinRow], frozenset[str]] | None:
        """Writer's thread: the rows a change named that match the search shown."""
        meeting_id, text = self._shown
        if change.meeting_id != meeting_id or not change.knows_ids(*PERSONAL_TOPICS):
            return None
        ids = change.ids(*PERSONAL_TOPICS)
        if not ids:
            return None
        return self._services.checkin.search(meeting_id, text, self._limit, ids), ids

    def _on_fetched(
        self, change: ChangeSet, found: tuple[Sequence[CheckinRow], frozenset[str]]
    ) -> None:
        if change.meeting_id == self._shown[0]:
            self._rows_changed(*found)
