"""Switching the interface between French and English, applied at once and remembered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.settings import SettingsStore


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_switching_to_english_and_back_rebuilds_the_visible_texts(
    qtbot: QtBot, meeting_id: str, window: MainWindow, settings_store: SettingsStore
) -> None:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)
    window.show_page(2)
    assert menu_titles(window) == ["&Fichier", "&Édition", "&Réunion", "&Affichage", "&Projecteur"]

    with qtbot.waitSignal(window.language_changed):
        window.findChild(type(window.menu_actions.new_action), "language_en").trigger()

    assert menu_titles(window) == ["&File", "&Edit", "&Meeting", "&View", "&Projector"]
    assert window.meeting_list.new_button.text() == "New meeting"
    assert window.workspace is not None
    assert window.workspace.current_index == 2  # the same page stays open
    assert window.workspace.back_button.text() == "Meetings"
    assert window.workspace.overview_page.edit_button.text().startswith("Edit")
    assert window.list_model.headerData(0, Qt.Orientation.Horizontal) == "Title"
    assert window.save_state.text_label.text() == "Everything is saved"
    assert settings_store.load().language == "en"

    window.findChild(type(window.menu_actions.new_action), "language_fr").trigger()
    assert menu_titles(window) == ["&Fichier", "&Édition", "&Réunion", "&Affichage", "&Projecteur"]
    assert window.meeting_list.new_button.text() == "Nouvelle réunion"
    assert settings_store.load().language == "fr"


def test_qt_own_texts_follow_the_language(qapp: object, language: LanguageManager) -> None:
    """Qt's standard buttons and dialogs use the qtbase catalogs of the chosen language."""
    language.apply("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    language.apply("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    language.apply("fr")
