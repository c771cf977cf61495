"""Mutations from the interface: run through the core's writer, recorded for undo, announced.

The window's end of the change pipeline. ``run_change`` submits a mutation to the writer and keeps
the save indicator on "saving" until it returns; ``record`` keeps an undoable result for undo.
Whatever the writer commits — a dialog's edit, a scan, an undo, a change made by another part of
the desk through the same writer — comes back once through the change bus (``ChangeBridge``): then
the save indicator says "saved", the sync scheduler hears of the local change, and ``changed`` tells
the window which views (and which of their rows) to refresh.
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
from ui.shell.change_bridge import ChangeBridge
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
        bridge: ChangeBridge,
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
        bridge.changed.connect(self._on_committed)

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
        """The user made this change (already committed and announced): keep it for undo."""
        if change.undoable:
            # Made on the list: kept there; made inside a meeting: kept with the meeting it changed.
            scope = LIST_SCOPE if self.history.scope == LIST_SCOPE else None
            self._tasks.submit_db(
                self.history.record,
                change,
                scope,
                on_done=lambda _result: self.history_changed.emit(),
            )

    def undo(self) -> None:
        if self.history.undo_label is not None:
            self._replay(partial(self.history.undo, self.history.scope))

    def redo(self) -> None:
        if self.history.redo_label is not None:
            self._replay(partial(self.history.redo, self.history.scope))

    def _replay(self, step: Callable[[], ChangeSet | None]) -> None:
        self.begin()

        def done(_change: ChangeSet | None) -> None:  # announced by the bus already
            self.end()
            self.history_changed.emit()

        def failed(error: BaseException) -> None:
            self.end()
            self.fail(error)

        self._tasks.submit_db(step, on_done=done, on_error=failed)

    def _on_committed(self, change: ChangeSet) -> None:
        """From the change bus, on the GUI thread: one committed change, whoever made it."""
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
