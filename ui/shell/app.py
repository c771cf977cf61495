"""Starting the desktop application: Qt, language, database, device, services, main window.

Everything is wired here once (no global singletons). Failures a person can act on (corrupt,
unwritable, too new, already open elsewhere) end with a clear message and exit code 1.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from civodesk import __version__
from civodesk.cli.common import database_path
from civodesk.db.database import Database, open_database
from civodesk.db.errors import StorageError
from civodesk.devices.store import database_device
from civodesk.i18n import _
from civodesk.paths import data_dir, resources_dir
from civodesk.services import Services, build_services
from ui.shell.icons import icon
from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.settings import SettingsStore
from ui.shell.tasks import TaskRunner

APP_NAME = "CivoDesk"
BASE_POINT_SIZE = 10


def style_sheet() -> str:
    """The QSS, with ``@icons/`` turned into the icons folder (QSS has no relative URLs)."""
    text = (resources_dir() / "styles" / "civodesk.qss").read_text(encoding="utf-8")
    return text.replace("@icons/", (resources_dir() / "icons").as_posix() + "/")


def _application() -> tuple[QApplication, bool]:
    """The running QApplication (tests have one already) and whether we created it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing, False
    return QApplication(sys.argv[:1]), True


def _configure(app: QApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("fr.civodesk.CivoDesk")  # packaging/desktop/linux/*.desktop
    app.setWindowIcon(icon("civodesk"))
    configure_look(app)


def configure_look(app: QApplication) -> None:
    """Font size, style and style sheet (the layout tests measure sizes with them)."""
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())


def _fail(message: str, headless: bool) -> int:
    if headless:
        print(_("Erreur : {message}").format(message=message), file=sys.stderr)
    else:
        QMessageBox.critical(None, _("CivoDesk ne peut pas démarrer"), message)
    return 1


def _open_database(args: argparse.Namespace) -> Database:
    database = open_database(database_path(args))
    try:
        database.claim_instance()
    except StorageError:
        database.close()
        raise
    return database


def _ensure_demo_meeting(services: Services) -> bool:
    """On first start, create the demo meeting so there is something to explore."""
    if services.meetings.most_recent_meeting_id() is not None:
        return False
    from civodesk.demo import create_demo_meeting

    create_demo_meeting(services)
    return True


def run_gui(args: argparse.Namespace) -> int:
    """Run the application until its window closes; returns the process exit code."""
    app, owns_app = _application()
    _configure(app)
    store = SettingsStore(data_dir())
    language = LanguageManager(app, store)
    language.apply(getattr(args, "lang", None) or store.load().language)
    headless = bool(getattr(args, "exit_after_start", False))
    try:
        database = _open_database(args)
    except StorageError as error:
        return _fail(str(error), headless)
    try:
        device = database_device(database, data_dir())
    except OSError as error:
        database.close()
        return _fail(
            _(
                "Impossible de lire ou de créer l'identité de ce poste dans {path} : {reason}"
            ).format(path=data_dir(), reason=error.strerror or error),
            headless,
        )
    tasks = TaskRunner()
    try:
        services = build_services(database, device)
        window = MainWindow(services, tasks, language)

        def on_demo_checked(created: bool) -> None:
            if created:
                window.reload_meetings()

        tasks.submit_db(_ensure_demo_meeting, services, on_done=on_demo_checked)
        loop = QEventLoop()
        window.closed.connect(loop.quit)
        outcome = [0]
        if headless:
            _open_most_recent_then_quit(window, services, tasks, outcome)
        window.show()
        if not headless:  # after the demo check: a rename is journaled in the demo meeting too
            window.ask_desk_name_if_unchosen()
        loop.exec()
        return outcome[0]
    finally:
        tasks.shutdown()
        database.close()
        if owns_app:
            app.processEvents()


def _open_most_recent_then_quit(
    window: MainWindow, services: Services, tasks: TaskRunner, outcome: list[int]
) -> None:
    """For smoke tests and start-up benchmarks: open the latest meeting, leave once it is painted.

    ``outcome[0]`` becomes 1 (with the reason on stderr) if the meeting cannot be opened.
    """

    def leave() -> None:
        window.repaint()  # the window with the meeting is really drawn before we go
        QTimer.singleShot(0, window.close)

    def failed(error: BaseException) -> None:
        outcome[0] = _fail(str(error), headless=True)
        QTimer.singleShot(0, window.close)

    def found(meeting_id: str | None) -> None:
        if meeting_id is None:
            leave()
            return
        window.meeting_opened.connect(leave)
        window.meeting_open_failed.connect(failed)
        window.open_meeting(meeting_id)

    tasks.submit_db(services.meetings.most_recent_meeting_id, on_done=found, on_error=failed)
