"""The task runner: work off the GUI thread, results back on it, clean shutdown."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from civodesk.services import Services
from tests.factories import meeting_fields
from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.tasks import SynchronousTaskRunner, TaskRunner


def test_results_and_errors_come_back_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui_thread = threading.current_thread()
    worker_threads: list[str] = []
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def work(n: int) -> int:
        worker_threads.append(threading.current_thread().name)
        return n

    try:
        for n in range(5):
            runner.submit_db(
                work,
                n,
                on_done=lambda r: results.append((r, threading.current_thread() is gui_thread)),
            )
        runner.submit_io(lambda: 1 / 0, on_error=errors.append)
        qtbot.waitUntil(lambda: len(results) == 5 and len(errors) == 1)
        assert results == [(n, True) for n in range(5)]  # serial DB lane keeps the order
        assert all(name.startswith("civodesk-db") for name in worker_threads)
        assert isinstance(errors[0], ZeroDivisionError)
        with qtbot.waitSignal(runner.failed) as failure:
            runner.submit_db(lambda: [][1])  # nobody handles it: reported by signal
        assert isinstance(failure.args[0], IndexError)
        qtbot.waitUntil(lambda: runner.pending == 0)
    finally:
        runner.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("civodesk-")]


def test_after_shutdown_nothing_runs(qtbot: QtBot) -> None:
    for runner in (TaskRunner(), SynchronousTaskRunner()):
        runner.shutdown()
        ran: list[int] = []
        runner.submit_db(ran.append, 1)
        qtbot.wait(20)
        assert ran == []


def test_the_window_works_with_the_threaded_runner(
    qtbot: QtBot, services: Services, language: LanguageManager
) -> None:
    title = "Réunion de quartier (fil d'exécution réel)"
    meeting_id = services.meetings.create_meeting(meeting_fields(title=title)).meeting_id
    runner = TaskRunner()
    window = MainWindow(services, runner, language)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.list_model.rowCount() == 1)
        with qtbot.waitSignal(window.meeting_opened):
            window.open_meeting(meeting_id)
        assert window.workspace is not None
        assert window.workspace.title_label.text() == title
        window.changes.run_change(services.meetings.close_meeting, meeting_id)
        qtbot.waitUntil(
            lambda: window.workspace is not None and window.workspace.closed_banner.isVisible()
        )
        qtbot.waitUntil(lambda: window.menu_actions.undo_action.isEnabled())
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not window.workspace.closed_banner.isVisible())
        assert window.save_state.state == "saved"
    finally:
        window.close()
        runner.shutdown()


def test_results_for_a_destroyed_widget_are_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    label = QLabel()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "trop tard"

    try:
        runner.submit_db(slow, on_done=label.setText)
        assert started.wait(5)
        shiboken6.delete(label)  # the page went away while its query ran
        release.set()
        qtbot.waitUntil(lambda: runner.pending == 0)  # delivered, dropped, no crash
    finally:
        runner.shutdown()
