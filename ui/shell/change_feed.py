"""What a view needs after a change, read on the writer's thread as the change is published.

A view that shows rows asks the database for the rows a change named. Asking from the GUI thread
costs two more thread hops (GUI → writer → GUI) after the change reached it; a ``ChangeFeed``
runs the view's query on the writer's thread, right after the commit, and hands the answer to
the GUI thread with the change (``fetched(change, result)``). The query gets the change only and
must read nothing from widgets: the view gives it the state it needs (meeting, search text) as
plain values when they change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from civodesk.changes import ChangeSet
from civodesk.writer import ChangeBus

Query = Callable[[ChangeSet], Any]
"""Runs on the writer's thread; returns what the view needs, or None when the change is not its."""


class ChangeFeed(QObject):
    fetched = Signal(object, object)

    def __init__(self, bus: ChangeBus, query: Query, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._unsubscribe = bus.subscribe(self._on_published)
        self.destroyed.connect(self._unsubscribe)

    def _on_published(self, change: ChangeSet) -> None:
        result = self._query(change)
        if result is not None:
            self.fetched.emit(change, result)

    def close(self) -> None:
        self._unsubscribe()
