"""The main window's actions (with their shortcuts) and its menus.

Built again after a language switch; the window says which are enabled through ``update``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from civodesk.i18n import _, current_language
from civodesk.meetings.meeting import MeetingDetails, MeetingStatus
from ui.shell.icons import icon
from ui.shell.meeting_workspace import STAGES, stage_shortcut

LANGUAGES = (("fr", "Français"), ("en", "English"))


@dataclass(frozen=True)
class WindowSlots:
    """What each action does: the main window's methods."""

    new_meeting: Callable[[], object]
    open_meeting: Callable[[], object]
    delete_meeting: Callable[[], object]
    quit: Callable[[], object]
    undo: Callable[[], object]
    redo: Callable[[], object]
    find: Callable[[], object]
    edit_meeting: Callable[[], object]
    start_meeting: Callable[[], object]
    close_meeting: Callable[[], object]
    reopen_meeting: Callable[[], object]
    back: Callable[[], object]
    show_page: Callable[[int], object]
    switch_language: Callable[[str], object]
    name_desk: Callable[[], object]


@dataclass(frozen=True)
class ActionState:
    """What the window is showing, which decides the enabled actions and the undo texts."""

    on_list: bool
    in_workspace: bool
    has_selection: bool
    details: MeetingDetails | None
    has_workspace: bool
    undo_label: str | None
    redo_label: str | None


class WindowActions:
    """The actions of one language; ``remove`` takes them off the window before a rebuild."""

    def __init__(self, window: QMainWindow, slots: WindowSlots) -> None:
        self._window = window
        self.new_action = self._action(
            _("Nouvelle réunion…"),
            slots.new_meeting,
            QKeySequence.StandardKey.New,
            "new",
            "newAction",
        )
        self.open_action = self._action(
            _("Ouvrir la réunion"), slots.open_meeting, None, "open", "openAction"
        )
        self.delete_action = self._action(
            _("Supprimer la réunion…"), slots.delete_meeting, None, "delete", "deleteAction"
        )
        self.desk_name_action = self._action(
            _("Nom de ce poste…"), slots.name_desk, None, None, "deskNameAction"
        )
        self.quit_action = self._action(
            _("Quitter"), slots.quit, QKeySequence.StandardKey.Quit, "quit", "quitAction"
        )
        self.undo_action = self._action(_("Annuler"), slots.undo, "Ctrl+Z", "undo", "undoAction")
        self.redo_action = self._action(
            _("Rétablir"), slots.redo, "Ctrl+Shift+Z", "redo", "redoAction"
        )
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.find_action = self._action(
            _("Rechercher"),
            slots.find,
            QKeySequence.StandardKey.Find,
            "search",
            "findAction",
        )
        self.edit_meeting_action = self._action(
            _("Modifier la réunion…"), slots.edit_meeting, "Ctrl+E", "edit", "editMeetingAction"
        )
        self.start_meeting_action = self._action(
            _("Ouvrir la séance"), slots.start_meeting, None, "open", "startMeetingAction"
        )
        self.close_meeting_action = self._action(
            _("Clore la réunion…"), slots.close_meeting, None, "lock", "closeMeetingAction"
        )
        self.reopen_meeting_action = self._action(
            _("Rouvrir la réunion…"), slots.reopen_meeting, None, "unlock", "reopenMeetingAction"
        )
        self.back_action = self._action(
            _("Retour à la liste des réunions"), slots.back, "Alt+Left", "back", "backAction"
        )
        self.page_actions: list[QAction] = [
            self._action(
                _(stage.label),
                partial(slots.show_page, index),
                stage_shortcut(index),
                stage.icon_name,
                f"{stage.key}PageAction",
            )
            for index, stage in enumerate(STAGES)
        ]
        self.language_actions = QActionGroup(window)
        self.language_actions.setExclusive(True)
        for code, name in LANGUAGES:
            action = QAction(name, window)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _checked=False, code=code: slots.switch_language(code))
            self.language_actions.addAction(action)
        self._all = [
            self.new_action, self.open_action, self.delete_action, self.desk_name_action,
            self.quit_action,
            self.undo_action, self.redo_action, self.find_action, self.edit_meeting_action,
            self.start_meeting_action, self.close_meeting_action, self.reopen_meeting_action,
            self.back_action, *self.page_actions,
        ]  # fmt: skip
        for action in self._all:
            window.addAction(action)  # shortcuts work even when the menu bar is hidden

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        object_name: str = "",
    ) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(object_name)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                _("{action} ({shortcut})").format(
                    action=text.replace("…", ""),
                    shortcut=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def remove(self) -> None:
        """Take these actions off the window (before building them in another language)."""
        for action in self._all:
            self._window.removeAction(action)
            action.deleteLater()
        self.language_actions.deleteLater()

    def build_menus(self) -> None:
        bar = self._window.menuBar()
        for menu in bar.findChildren(QMenu):
            menu.deleteLater()
        bar.clear()
        file_menu = bar.addMenu(_("&Fichier"))
        file_menu.addActions([self.new_action, self.open_action, self.delete_action])
        file_menu.addSeparator()
        file_menu.addAction(self.desk_name_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(_("&Édition"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.edit_meeting_action, self.find_action])
        meeting_menu = bar.addMenu(_("&Réunion"))
        meeting_menu.addActions(self.page_actions)
        meeting_menu.addSeparator()
        meeting_menu.addActions(
            [self.start_meeting_action, self.close_meeting_action, self.reopen_meeting_action]
        )
        meeting_menu.addSeparator()
        meeting_menu.addAction(self.back_action)
        view_menu = bar.addMenu(_("&Affichage"))
        language_menu = view_menu.addMenu(icon("language"), _("Langue"))
        language_menu.setObjectName("languageMenu")
        language_menu.addActions(self.language_actions.actions())

    def update(self, state: ActionState) -> None:
        details = state.details if state.in_workspace else None
        editable = details is not None and not details.is_read_only
        self.open_action.setEnabled(state.on_list and state.has_selection)
        self.delete_action.setEnabled(state.on_list and state.has_selection)
        self.edit_meeting_action.setEnabled(editable)
        self.start_meeting_action.setEnabled(
            details is not None and details.status is MeetingStatus.DRAFT
        )
        self.close_meeting_action.setEnabled(editable)
        self.reopen_meeting_action.setEnabled(details is not None and details.is_read_only)
        self.back_action.setEnabled(state.in_workspace)
        for action in self.page_actions:
            action.setEnabled(state.has_workspace)
        undo_label, redo_label = state.undo_label, state.redo_label
        self.undo_action.setEnabled(undo_label is not None)
        self.undo_action.setText(
            _("Annuler « {label} »").format(label=undo_label) if undo_label else _("Annuler")
        )
        self.redo_action.setEnabled(redo_label is not None)
        self.redo_action.setText(
            _("Rétablir « {label} »").format(label=redo_label) if redo_label else _("Rétablir")
        )
