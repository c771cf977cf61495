"""Mutations from the interface: run on the database thread, recorded for undo, announced.

Every change the user makes goes through ``run_change`` (or ``record`` for a result obtained
otherwise): the save indicator shows saving/saved, the sync scheduler hears of the local change,
and ``changed`` tells the window which views to refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from civodesk.changes import ChangeSet
from civodesk.db.errors import is_storage_failure
from civodesk.undo import LIST_SCOPE, UndoHistory
from ui.shell.tasks import BaseTaskRunner, DoneCallback, ErrorCallback
from ui.sync.scheduler import SyncScheduler
from ui.widgets.save_state import SaveStateIndicator


class ChangeRunner(QObject):
    """``changed(ChangeSet)`` after each committed change (undo and redo included);
    ``failed(message)`` when one failed and its caller does not show why itself;
    ``history_changed`` when undo/redo labels moved.

    The save indicator shows storage state only: a refused action (a rule, invalid input) turns
    nothing red; the caller's ``on_error`` shows the reason where the action was taken."""

    changed = Signal(object)
    failed = Signal(str)
    history_changed = Signal()

    def __init__(
        self,
        tasks: BaseTaskRunner,
        history: UndoHistory,
        save_state: SaveStateIndicator,
        sync: SyncScheduler,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.history = history
        self._save_state = save_state
        self._sync = sync
        self._in_flight = 0

    def run_change(
        self,
        fn: Callable[..., ChangeSet],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run a mutating service call on the database thread and record what it changed."""
        self.begin()

        def done(change: ChangeSet) -> None:
            self.end()
            self.record(change)
            if on_done is not None:
                on_done(change)

        def failed(error: BaseException) -> None:
            self.end()
            self.fail(error, shown_by_caller=on_error is not None)
            if on_error is not None:
                on_error(error)

        self._tasks.submit_db(fn, *args, on_done=done, on_error=failed)

    def record(self, change: ChangeSet) -> None:
        """A change was committed: keep it for undo, say it is saved, refresh what it touched."""
        if change.undoable:
            # Made on the list: kept there; made inside a meeting: kept with the meeting it changed.
            scope = LIST_SCOPE if self.history.scope == LIST_SCOPE else None
            self._tasks.submit_db(
                self.history.record,
                change,
                scope,
                on_done=lambda _result: self.history_changed.emit(),
            )
        self._announce(change)

    def undo(self) -> None:
        if self.history.undo_label is not None:
            self._replay(partial(self.history.undo, self.history.scope))

    def redo(self) -> None:
        if self.history.redo_label is not None:
            self._replay(partial(self.history.redo, self.history.scope))

    def _replay(self, step: Callable[[], ChangeSet | None]) -> None:
        self.begin()

        def done(change: ChangeSet | None) -> None:
            self.end()
            self.history_changed.emit()
            if change is not None:
                self._announce(change)

        def failed(error: BaseException) -> None:
            self.end()
            self.fail(error)

        self._tasks.submit_db(step, on_done=done, on_error=failed)

    def _announce(self, change: ChangeSet) -> None:
        if change.event_count:
            self._save_state.show_saved(datetime.now())
            self._sync.local_change()
        self.changed.emit(change)

    def begin(self) -> None:
        """A change is on its way to the database (several may be in flight)."""
        self._in_flight += 1
        self._save_state.show_saving()

    def end(self) -> None:
        self._in_flight -= 1
        if not self._in_flight:
            self._save_state.settle()

    def fail(self, error: BaseException, shown_by_caller: bool = False) -> None:
        message = str(error) or type(error).__name__
        if is_storage_failure(error):
            self._save_state.show_error(message)
        if not shown_by_caller:
            self.failed.emit(message)
