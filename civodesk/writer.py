"""The single writer and the change bus: one path for every mutation, and word of what changed.

SQLite takes one writer at a time, and the desk must never lose the order of its own changes, so
every database call of an interface (the desktop window, the command line, a later local web server
for participants' phones) runs through one ``Writer``: one thread it owns, one call at a time, in
submission order. When a call returns a ``ChangeSet`` (or a result carrying one), the writer
publishes it on its ``ChangeBus`` right after the transaction committed — just after handing the
result to the caller, so the person who acted sees the answer first — ; every reader (the window's views, a projector screen, a phone page) subscribes there and
refreshes only the ids the change names.

No Qt here: the desktop subscribes through a thin adapter that re-emits on the GUI thread
(``ui.shell.change_bridge``). ``Writer(threaded=False)`` runs each call at once on the caller's
thread, with the same publishing: the command line and the tests use it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from civodesk.changes import ChangeSet

log = logging.getLogger(__name__)

T = TypeVar("T")
Listener = Callable[[ChangeSet], None]
WRITER_THREAD = "civodesk-db-writer"


class ChangeBus:
    """Publishes each committed ``ChangeSet`` to every subscriber, in commit order.

    Listeners run on the publishing thread (the writer's): they must be quick and hand the work
    over to their own thread (the Qt adapter emits a queued signal). A failing listener is logged
    and never stops the others, nor the write that was already committed.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Start hearing of changes; call the returned function to stop."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, change: ChangeSet) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:
                log.exception("change listener failed")


def changes_in(result: object) -> list[ChangeSet]:
    """The change sets a service result carries: itself, its ``change`` attribute, or those of a
    ``(changes, error)`` pair as the meeting dialog's multi-step edit returns."""
    if isinstance(result, ChangeSet):
        return [result]
    change = getattr(result, "change", None)
    if isinstance(change, ChangeSet):
        return [change]
    if isinstance(result, tuple) and result and isinstance(result[0], list):
        return [item for item in result[0] if isinstance(item, ChangeSet)]
    return []


class Writer:
    """Runs database calls one at a time on its own thread and publishes what they changed."""

    def __init__(self, bus: ChangeBus | None = None, *, threaded: bool = True) -> None:
        self.bus = bus or ChangeBus()
        self._threaded = threaded
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``fn(*args)``; the future holds its result or its exception."""
        future: Future[T] = Future()
        if not self._threaded or self.on_writer_thread():
            self._run(future, fn, args)
        else:
            queued = self._executor_for_submit().submit(self._run, future, fn, args)
            queued.add_done_callback(lambda done: future.cancel() if done.cancelled() else None)
        return future

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` through the writer and wait for it (command line, tests)."""
        return self.submit(fn, *args).result()

    def publish(self, changes: Iterable[ChangeSet]) -> None:
        for change in changes:
            self.bus.publish(change)

    def on_writer_thread(self) -> bool:
        return threading.current_thread().name.startswith(WRITER_THREAD)

    def close(self) -> None:
        """Finish the running call, drop queued ones, and stop the thread."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _executor_for_submit(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the writer is closed")
            if self._executor is None:  # the thread starts with the first call
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD)
            return self._executor

    def _run(self, future: Future[T], fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            result = fn(*args)
        except BaseException as error:
            future.set_exception(error)
            return
        future.set_result(result)  # the caller's callbacks run here, before the readers hear
        self.publish(changes_in(result))
