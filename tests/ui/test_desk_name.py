"""The desk's name: asked once at first start, and in Fichier ▸ Nom de ce poste…; kept and
journaled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from civodesk.cli.main import build_parser
from civodesk.db.database import open_database
from civodesk.devices.store import database_device
from civodesk.services import Services, build_services
from tests.factories import meeting_fields
from ui.shell.app import run_gui
from ui.shell.desk_name_dialog import DeskNameDialog
from ui.shell.main_window import MainWindow


def test_the_desk_is_named_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    services.meetings.create_meeting(meeting_fields())  # a meeting this desk writes to
    (action,) = [a for a in window.actions() if a.objectName() == "deskNameAction"]
    assert action.text() == "Nom de ce poste…"
    action.trigger()
    dialog = window.findChild(DeskNameDialog)
    assert dialog is not None
    assert dialog.name_edit.text() == "desk-1"  # the default: the device's first name
    dialog.name_edit.clear()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Entree nord")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: services.desk.desk_name() == "Entree nord")
    assert services.journal_tools.verify().ok


def _first_start(path: Path, answer: Callable[[MainWindow, DeskNameDialog | None], None]) -> int:
    """Start the application on ``path`` as a person does; ``answer`` gets the window and the
    desk-name dialog (None if none was asked) once the start-up reads of the database are done."""

    def windows() -> list[MainWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

    def poll() -> None:
        shown = [w for w in windows() if w.isVisible()]
        if not shown:
            polling.start()
            return
        window = shown[0]
        # The window's reads run in order on the database thread: once this one is back, the
        # demo check and the desk-name question have had their turn.
        window.tasks.submit_db(
            lambda: None, on_done=lambda _r: answer(window, window.findChild(DeskNameDialog))
        )

    # Timers this start owns, stopped when it returns: a timer left behind would poll, answer or
    # close the window of whichever test runs next (it once closed one 30 s later).
    polling = QTimer(singleShot=True, interval=20)
    polling.timeout.connect(poll)
    guard = QTimer(singleShot=True, interval=30_000)  # never hang the suite
    guard.timeout.connect(lambda: [w.close() for w in windows()])
    polling.start(0)
    guard.start()
    try:
        return run_gui(build_parser().parse_args(["--db", str(path)]))
    finally:
        polling.stop()
        guard.stop()


def test_the_first_start_asks_the_desk_name_once_with_a_suggestion(
    qapp: object, tmp_path: Path
) -> None:
    path = tmp_path / "desk.db"
    seen: list[str | None] = []

    def name_it(window: MainWindow, dialog: DeskNameDialog | None) -> None:
        if dialog is None or not dialog.isVisible():
            seen.append(None)
            window.close()
            return
        seen.append(dialog.name_edit.text())
        dialog.name_edit.setText("Entrée nord")
        dialog.ok_button.click()
        window.tasks.submit_db(lambda: None, on_done=lambda _r: window.close())

    assert _first_start(path, name_it) == 0
    assert seen == ["Accueil 1"]  # not the host name
    database = open_database(path)
    try:
        services = build_services(database, database_device(database))
        assert services.desk.naming().name == "Entrée nord"
        assert services.desk.naming().chosen
        assert services.journal_tools.verify().ok  # the demo meeting was told the new name
    finally:
        database.close()

    asked: list[bool] = []

    def look(window: MainWindow, dialog: DeskNameDialog | None) -> None:
        asked.append(dialog is not None)
        window.close()

    assert _first_start(path, look) == 0
    assert asked == [False]


def test_cancelling_the_first_question_keeps_the_suggestion_and_asks_no_more(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    window.ask_desk_name_if_unchosen()
    dialog = window.findChild(DeskNameDialog)
    assert dialog is not None
    assert dialog.name_edit.text() == "desk-1"  # typed by a person (the test's device name)
    intro = dialog.findChild(QLabel, "deskNameIntro")
    assert intro is not None
    assert "Si vous annulez, il s'appellera « desk-1 »" in intro.text()
    dialog.name_edit.setText("Autre")  # cancelled: what was typed is not kept
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: services.desk.naming().chosen)
    assert services.desk.desk_name() == "desk-1"
    window.ask_desk_name_if_unchosen()
    assert not [shown for shown in window.findChildren(DeskNameDialog) if shown.isVisible()]
