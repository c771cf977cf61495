"""Running service calls off the GUI thread, and getting their results back on it.

All database work goes through the core's single writer (``civodesk.writer.Writer``: one thread,
one call at a time), so SQLite writes are serialised and never contend for the lock, and every
change it commits is published on its change bus; PDF, QR, network and camera work use a small
separate pool so a slow export never delays a save. Results and errors are handed back to the
GUI thread through a queued signal on a main-thread object, which is where ``on_done`` and
``on_error`` run.

``SynchronousTaskRunner`` has the same interface and runs everything at once on the calling
thread (its writer is not threaded, and publishes the same way): tests use it to drive the UI
without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from civodesk.writer import Writer

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
Finish = Callable[[tuple[bool, Any]], None]

IO_WORKERS = 2
SHUTDOWN_GRACE_S = 1.5
"""How long closing waits for running network/PDF work before it leaves it behind."""


def _outcome_of(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """(True, result) or (False, the exception): errors go to ``on_error``, never get lost."""
    try:
        return True, fn(*args)
    except Exception as error:
        return False, error


class BaseTaskRunner(QObject):
    """What the UI relies on; see ``TaskRunner`` and ``SynchronousTaskRunner``.

    ``pending_changed`` carries the number of unfinished tasks (the status bar shows
    "Enregistrement…" while it is above zero); ``failed`` reports errors nobody handled.
    """

    pending_changed = Signal(int)
    failed = Signal(object)

    def __init__(self, writer: Writer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writer = writer or Writer(threaded=False)
        self._pending = 0
        self._closed = False

    @property
    def pending(self) -> int:
        return self._pending

    def submit_db(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run ``fn(*args)`` on the writer's thread (one at a time, in submission order); a
        ``ChangeSet`` it returns is published on ``writer.bus`` before ``on_done`` runs."""
        self._submit("db", fn, args, on_done, on_error)

    def submit_io(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run ``fn(*args)`` on the pool for PDF, QR, network and camera work."""
        self._submit("io", fn, args, on_done, on_error)

    def shutdown(self) -> None:
        """Finish running work, drop queued work, and stop the threads."""
        self._closed = True

    def _submit(
        self,
        lane: str,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: DoneCallback | None,
        on_error: ErrorCallback | None,
    ) -> None:
        if self._closed:
            return
        self._started()

        def finish(outcome: tuple[bool, Any]) -> None:
            self._finish(outcome, on_done, on_error)

        if lane == "db":
            self._run_db(fn, args, finish)
        else:
            self._run_io(fn, args, finish)

    def _run_db(self, fn: Callable[..., Any], args: tuple[Any, ...], finish: Finish) -> None:
        """Run at once on the calling thread (``TaskRunner`` hands it to the writer's thread)."""
        finish(_outcome_of(self.writer.call, (fn, *args)))

    def _run_io(self, fn: Callable[..., Any], args: tuple[Any, ...], finish: Finish) -> None:
        """Run at once on the calling thread (``TaskRunner`` hands it to the pool)."""
        finish(_outcome_of(fn, args))

    def _started(self) -> None:
        self._pending += 1
        self.pending_changed.emit(self._pending)

    def _finish(
        self,
        outcome: tuple[bool, Any],
        on_done: DoneCallback | None,
        on_error: ErrorCallback | None,
    ) -> None:
        """On the GUI thread: hand the result or the error to whoever asked."""
        self._pending -= 1
        succeeded, value = outcome
        try:
            if self._closed or not _receiver_alive(on_done if succeeded else on_error):
                return
            if succeeded:
                if on_done is not None:
                    on_done(value)
            elif on_error is not None:
                on_error(value)
            else:
                log.error("background task failed", exc_info=value)
                self.failed.emit(value)
        finally:
            self.pending_changed.emit(self._pending)


def _receiver_alive(callback: Callable[..., None] | None) -> bool:
    """False when the callback is a method of a widget that was destroyed meanwhile."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Delivery(QObject):
    """Lives on the GUI thread; worker threads emit into it and Qt queues the call across."""

    delivered = Signal(object)

    @Slot(object)
    def run(self, callback: Callable[[], None]) -> None:
        callback()


class TaskRunner(BaseTaskRunner):
    def __init__(self, writer: Writer | None = None, parent: QObject | None = None) -> None:
        super().__init__(writer or Writer(), parent)
        self._io = ThreadPoolExecutor(max_workers=IO_WORKERS, thread_name_prefix="civodesk-io")
        self._delivery = _Delivery(self)
        self._delivery.delivered.connect(self._delivery.run)
        self._io_running: set[Future[None]] = set()

    def _run_db(self, fn: Callable[..., Any], args: tuple[Any, ...], finish: Finish) -> None:
        def delivered(done: Future[Any]) -> None:
            error = None if done.cancelled() else done.exception()
            if done.cancelled():
                outcome: tuple[bool, Any] = (False, RuntimeError("cancelled at shutdown"))
            elif error is not None:
                outcome = (False, error)
            else:
                outcome = (True, done.result())
            self._delivery.delivered.emit(lambda: finish(outcome))

        self.writer.submit(fn, *args).add_done_callback(delivered)

    def _run_io(self, fn: Callable[..., Any], args: tuple[Any, ...], finish: Finish) -> None:
        def work() -> None:
            outcome = _outcome_of(fn, args)
            self._delivery.delivered.emit(lambda: finish(outcome))

        running = self._io.submit(work)
        self._io_running.add(running)
        running.add_done_callback(self._io_running.discard)

    def shutdown(self, grace_s: float = SHUTDOWN_GRACE_S) -> None:
        """Finish database work and drop what is queued; give running network or PDF work
        ``grace_s`` to end, then leave it behind, so closing releases the database at once even
        while a sync waits on a silent server (its late result is dropped)."""
        super().shutdown()
        self.writer.close()
        self._io.shutdown(wait=False, cancel_futures=True)
        self.wait_for_abandoned(grace_s)

    def wait_for_abandoned(self, timeout_s: float) -> bool:
        """Wait for work left running by ``shutdown``; True (threads joined) when none is left."""
        if wait(set(self._io_running), timeout=timeout_s).not_done:
            return False
        self._io.shutdown(wait=True)
        return True


class SynchronousTaskRunner(BaseTaskRunner):
    """Runs each task immediately on the calling thread, callbacks included; for tests."""
