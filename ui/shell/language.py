"""Switching the interface language: our gettext catalog and Qt's own qtbase translations."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from civodesk.i18n import current_language, set_language
from ui.shell.qt_gaps import QtGapsTranslator
from ui.shell.settings import SettingsStore

QT_TRANSLATOR_NAME = "civodeskQtBase"


class LanguageManager:
    """Applies a language to the whole application; ``choose`` also remembers it."""

    def __init__(self, app: QApplication, store: SettingsStore) -> None:
        self._app = app
        self._store = store

    @property
    def language(self) -> str:
        return current_language()

    def apply(self, language: str) -> None:
        set_language(language)
        QLocale.setDefault(QLocale("fr_FR" if language == "fr" else "en_GB"))
        for previous in self._app.findChildren(QTranslator, QT_TRANSLATOR_NAME):
            self._app.removeTranslator(previous)
            previous.deleteLater()
        translator = QTranslator(self._app)
        translator.setObjectName(QT_TRANSLATOR_NAME)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", directory):
            self._app.installTranslator(translator)
        gaps = QtGapsTranslator(language, self._app)  # installed last: asked first
        gaps.setObjectName(QT_TRANSLATOR_NAME)
        if not gaps.isEmpty():
            self._app.installTranslator(gaps)

    def choose(self, language: str) -> None:
        """The person picked a language in the menu: apply it and keep it for next time."""
        self.apply(language)
        self._store.save(replace(self._store.load(), language=language))
