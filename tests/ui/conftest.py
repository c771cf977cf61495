"""UI fixtures: a main window on a fresh database, driven through a synchronous task runner."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.services import Services
from tests.factories import AGENDA, meeting_fields
from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.settings import SettingsStore
from ui.shell.tasks import SynchronousTaskRunner


@pytest.fixture(autouse=True)
def _french_and_no_leaked_threads() -> Iterator[None]:
    """Every UI test starts in French, and must leave no worker thread behind."""
    set_language(DEFAULT_LANGUAGE)
    before = set(threading.enumerate())
    yield
    set_language(DEFAULT_LANGUAGE)
    leaked = [
        thread
        for thread in threading.enumerate()
        if thread not in before and thread.name.startswith("civodesk-") and thread.is_alive()
    ]
    assert not leaked, f"worker threads left running: {leaked}"


@pytest.fixture
def tasks() -> Iterator[SynchronousTaskRunner]:
    runner = SynchronousTaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "settings")


@pytest.fixture
def language(qapp: object, settings_store: SettingsStore) -> LanguageManager:
    return LanguageManager(qapp, settings_store)  # type: ignore[arg-type]


@pytest.fixture
def meeting_id(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, tasks: SynchronousTaskRunner, language: LanguageManager
) -> MainWindow:
    main_window = MainWindow(services, tasks, language)
    qtbot.addWidget(main_window)
    main_window.resize(1366, 768)
    main_window.show()
    qtbot.waitExposed(main_window)
    # Window shortcuts (Ctrl+G, Ctrl+3…) fire only in the active window: wait for it rather than
    # count on the platform to activate it before the first key, which a loaded machine delays.
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    return main_window
