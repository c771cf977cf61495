"""What the projector shows, owned by the main window so it keeps showing whatever page is open.

The controller keeps the state (meeting, mode, screen, options) and builds slides through
``services.projector`` on the database thread; the window only paints them. A change to the
meeting updates the slide: on the wall, only the cards of the ideas the change names.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from civodesk.changes import ChangeSet
from civodesk.i18n import N_, _
from civodesk.meetings.meeting import MeetingDetails
from civodesk.projector.slides import (
    BlankSlide,
    ProjectorMode,
    Slide,
    WallCard,
    WallSlide,
    patch_wall,
)
from civodesk.services import Services
from ui.projector.projector_window import ProjectorWindow
from ui.shell.tasks import BaseTaskRunner

MODE_LABELS = (
    (ProjectorMode.WELCOME, N_("Accueil et présents"), "Ctrl+Alt+1"),
    (ProjectorMode.QUESTION, N_("Question en cours"), "Ctrl+Alt+2"),
    (ProjectorMode.WALL, N_("Mur d'idées"), "Ctrl+Alt+3"),
    (ProjectorMode.TIMER, N_("Minuteur"), "Ctrl+Alt+4"),
    (ProjectorMode.WORD_CLOUD, N_("Nuage de mots"), "Ctrl+Alt+5"),
    (ProjectorMode.RESULTS, N_("Résultat du vote"), "Ctrl+Alt+6"),
)
SLIDE_TOPICS = {
    ProjectorMode.WELCOME: frozenset({"meeting", "attendance", "participants"}),
    ProjectorMode.QUESTION: frozenset({"agenda_run", "questions", "agenda"}),
    ProjectorMode.TIMER: frozenset({"agenda_run", "agenda"}),
    ProjectorMode.WORD_CLOUD: frozenset({"ideas", "agenda_run"}),
    ProjectorMode.WALL: frozenset({"ideas", "clusters", "agenda_run", "participants"}),
    ProjectorMode.RESULTS: frozenset({"votes", "attendance"}),
}


def now_ms() -> int:
    return int(time.time() * 1000)


class ProjectorController(QObject):
    """``slide_changed(Slide)`` whenever what the projector shows changed."""

    slide_changed = Signal(object)

    def __init__(self, services: Services, tasks: BaseTaskRunner, window: QMainWindow) -> None:
        super().__init__(window)
        self._services = services
        self._tasks = tasks
        self._main = window
        self.meeting_id: str | None = None
        self.mode = ProjectorMode.WELCOME
        self.blank = False
        self.credit_authors = False
        self.high_contrast = True
        self.screen_name: str | None = None
        self.slide: Slide = BlankSlide()
        self.window: ProjectorWindow | None = None
        self._menu: QMenu | None = None
        self._actions: list[QAction] = []
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_screen_removed)

    # Menu ---------------------------------------------------------------------------------------

    def install_menu(self, bar: QMenuBar) -> None:
        """The Projecteur menu (built again after a language switch)."""
        for action in self._actions:
            self._main.removeAction(action)
            action.deleteLater()
        self._actions = []
        menu = bar.addMenu(_("&Projecteur"))
        menu.setObjectName("projectorMenu")
        self._menu = menu
        self.show_action = self._action(
            _("Afficher le projecteur"), self.toggle_window, "Ctrl+F5", "showProjectorAction"
        )
        self.show_action.setCheckable(True)
        self.show_action.setChecked(self.window is not None and self.window.isVisible())
        menu.addAction(self.show_action)
        self.screen_menu = menu.addMenu(_("Écran"))
        self.screen_menu.setObjectName("projectorScreenMenu")
        self.screen_menu.aboutToShow.connect(self._fill_screens)
        menu.addSeparator()
        group = QActionGroup(menu)
        self.mode_actions: dict[ProjectorMode, QAction] = {}
        for mode, label, keys in MODE_LABELS:
            action = self._action(_(label), partial(self.set_mode, mode), keys, f"projector_{mode}")
            action.setCheckable(True)
            action.setChecked(mode == self.mode)
            group.addAction(action)
            menu.addAction(action)
            self.mode_actions[mode] = action
        self.blank_action = self._action(
            _("Écran noir"), self.toggle_blank, "F7", "blankProjectorAction"
        )
        self.blank_action.setCheckable(True)
        self.blank_action.setChecked(self.blank)
        menu.addAction(self.blank_action)
        menu.addSeparator()
        self.authors_action = self._action(
            _("Afficher les auteurs des idées signées"),
            lambda: self.set_credit_authors(self.authors_action.isChecked()),
            None,
            "creditAuthorsAction",
        )
        self.authors_action.setCheckable(True)
        self.authors_action.setChecked(self.credit_authors)
        self.contrast_action = self._action(
            _("Contraste élevé"),
            lambda: self.set_high_contrast(self.contrast_action.isChecked()),
            None,
            "highContrastAction",
        )
        self.contrast_action.setCheckable(True)
        self.contrast_action.setChecked(self.high_contrast)
        menu.addActions([self.authors_action, self.contrast_action])

    def _action(self, text: str, slot: object, keys: str | None, name: str) -> QAction:
        action = QAction(text, self._main)
        action.setObjectName(name)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self._main.addAction(action)
        self._actions.append(action)
        return action

    def _fill_screens(self) -> None:
        self.screen_menu.clear()
        for screen in QGuiApplication.screens():
            size = screen.size()
            action = self.screen_menu.addAction(
                _("{name} ({width}×{height})").format(
                    name=screen.name(), width=size.width(), height=size.height()
                )
            )
            action.setCheckable(True)
            action.setChecked(screen.name() == self.screen_name)
            action.triggered.connect(lambda _c=False, s=screen: self.use_screen(s))

    # State --------------------------------------------------------------------------------------

    def set_meeting(self, details: MeetingDetails) -> None:
        if details.id != self.meeting_id:
            self.meeting_id = details.id
            self.refresh()

    def set_mode(self, mode: ProjectorMode) -> None:
        if mode == ProjectorMode.BLANK:
            self.blank = False
            self.toggle_blank()
            return
        self.mode = mode
        self.blank = False
        if self._menu is not None:
            self.mode_actions[mode].setChecked(True)
            self.blank_action.setChecked(False)
        if mode == ProjectorMode.TIMER:
            self._tick.start()
        else:
            self._tick.stop()
        self.refresh()

    def toggle_blank(self) -> None:
        self.blank = not self.blank
        if self._menu is not None:
            self.blank_action.setChecked(self.blank)
        self.refresh()

    def set_credit_authors(self, on: bool) -> None:
        self.credit_authors = on
        self.refresh()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        if self.window is not None:
            self.window.view.set_high_contrast(on)

    # Window -------------------------------------------------------------------------------------

    def toggle_window(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.window.close()
        else:
            self.show_window()

    def show_window(self) -> ProjectorWindow:
        if self.window is None:
            self.window = ProjectorWindow(self._main)
            self.window.closed.connect(self._on_window_closed)
            self.window.blank_requested.connect(self.toggle_blank)
        self.window.view.set_high_contrast(self.high_contrast)
        self.window.show_slide(self.slide)
        screen = self._chosen_screen()
        self.window.show_on(screen, full_screen=screen is not self._main.screen())
        if self._menu is not None:
            self.show_action.setChecked(True)
        self.refresh()
        return self.window

    def _chosen_screen(self) -> QScreen:
        """The screen picked, else the first one that is not the main window's, else that one."""
        screens = QGuiApplication.screens()
        picked = next((s for s in screens if s.name() == self.screen_name), None)
        if picked is not None:
            return picked
        others = [s for s in screens if s is not self._main.screen()]
        return others[0] if others else self._main.screen()

    def use_screen(self, screen: QScreen) -> None:
        self.screen_name = screen.name()
        if self.window is not None and self.window.isVisible():
            self.window.show_on(screen, full_screen=True)

    def _on_screen_removed(self, screen: QScreen) -> None:
        """Its screen unplugged: the window comes back, windowed, on the main window's screen."""
        if self.window is not None and self.window.screen() is screen:
            self.window.show_on(self._main.screen(), full_screen=False)

    def _on_window_closed(self) -> None:
        if self._menu is not None:
            self.show_action.setChecked(False)

    def shutdown(self) -> None:
        self._tick.stop()
        if self.window is not None:
            self.window.closed.disconnect(self._on_window_closed)
            self.window.close()
            self.window.deleteLater()
            self.window = None

    # Slides -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Build the slide again (on the database thread)."""
        if self.blank or self.meeting_id is None:
            self._show(BlankSlide())
            return
        self._tasks.submit_db(
            self._services.projector.slide,
            self.meeting_id,
            self.mode,
            now_ms(),
            self.credit_authors,
            on_done=self._show,
        )

    def apply_change(self, change: ChangeSet) -> None:
        if change.meeting_id != self.meeting_id or self.blank:
            return
        if not change.topics & SLIDE_TOPICS[self.mode]:
            return
        wall = self.slide
        if (
            self.mode == ProjectorMode.WALL
            and isinstance(wall, WallSlide)
            and change.topics <= {"ideas"}
            and change.knows_ids("ideas")
        ):
            self._tasks.submit_db(
                self._services.projector.cards,
                change.meeting_id,
                sorted(change.ids("ideas")),
                self.credit_authors,
                on_done=lambda cards: self._patch(wall, cards),
            )
            return
        self.refresh()

    def _patch(self, wall: WallSlide, cards: Mapping[str, WallCard | None]) -> None:
        patched = patch_wall(wall, cards) if self.slide is wall else None
        if patched is None:
            self.refresh()  # cards changed columns, or something came in between: read it all
        else:
            self._show(patched)

    def _show(self, slide: Slide) -> None:
        self.slide = slide
        if self.window is not None:
            self.window.show_slide(slide)
        self.slide_changed.emit(slide)

    def _on_tick(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.refresh()
