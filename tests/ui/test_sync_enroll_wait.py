"""While enrolment waits for the server, the person sees it and can stop waiting."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from civodesk.services import Services
from tests.factories import meeting_fields
from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.tasks import SynchronousTaskRunner
from ui.sync.sync_page import SyncPage


class HeldNetworkRunner(SynchronousTaskRunner):
    """Database work at once; network work held until the test lets it run."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Callable[[], None]] = []

    def submit_io(self, fn: Callable[..., Any], *args: Any, **callbacks: Any) -> None:
        self.held.append(lambda: SynchronousTaskRunner.submit_io(self, fn, *args, **callbacks))

    def release(self) -> None:
        while self.held:
            self.held.pop(0)()


def test_enrolment_can_be_cancelled_while_waiting_and_a_late_answer_is_ignored(
    qtbot: QtBot, services: Services, language: LanguageManager
) -> None:
    runner = HeldNetworkRunner()
    window = MainWindow(services, runner, language)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    window.open_meeting(meeting, 5)
    assert window.workspace is not None
    page = window.workspace.pages[5]
    assert isinstance(page, SyncPage)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page.url_edit.setText(f"http://127.0.0.1:{port}")
    page.code_edit.setText("CODE-1234")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert page.cancel_enroll_button.isVisible()
    assert not page.enroll_button.isEnabled()
    assert page.enroll_button.text() == "Connexion au serveur…"
    qtbot.mouseClick(page.cancel_enroll_button, Qt.MouseButton.LeftButton)
    assert page.enroll_button.isEnabled()
    assert not page.cancel_enroll_button.isVisible()
    assert page.enroll_error.text() == "Inscription annulée."
    runner.release()  # the refused connection's answer arrives after the cancel
    assert page.enroll_error.text() == "Inscription annulée."

    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    runner.release()
    assert "Serveur injoignable" in page.enroll_error.text()
    assert "Errno" not in page.enroll_error.text()
    window.close()
    runner.shutdown()
