"""Qt's own texts that its French catalog misses, and file dialogs that speak French throughout.

PySide6's ``qtbase_fr.qm`` lags behind the strings Qt 6 asks for: the widget file dialog showed
"Look in", "Files of type" and "Folder" in a French interface. ``QtGapsTranslator`` answers those
few (installed after qtbase, so it is asked first and defers to it for everything else). Sizes and
dates in the file dialog come from the *system* locale, not the interface language ("85.62 KiB");
``FileDialogTexts`` rewrites those two columns in the interface's locale ("85,62 Kio").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QFileInfo,
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

FRENCH_GAPS = {
    ("QFileDialog", "&Look in:"): "&Regarder dans\xa0:",
    ("QFileDialog", "Files of &type:"): "&Type de fichier\xa0:",
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
    ("QAbstractFileIconProvider", "Drive"): "Lecteur",
    ("QAbstractFileIconProvider", "File"): "Fichier",
}
GAPS = {"fr": FRENCH_GAPS}
SIZE_COLUMN, DATE_COLUMN = 1, 3


class QtGapsTranslator(QTranslator):
    """Answers the Qt strings missing from Qt's catalog for ``language``; anything else goes on
    to the next translator (a null string, ``None``: an empty one would count as a translation)."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._texts = GAPS.get(language, {})

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self._texts.get((context, source_text))

    def isEmpty(self) -> bool:
        return not self._texts


class FileDialogTexts(QIdentityProxyModel):
    """The file dialog's sizes and dates in the interface language's locale."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column in (SIZE_COLUMN, DATE_COLUMN):
            source = self.sourceModel()
            if isinstance(source, QFileSystemModel):
                info: QFileInfo = source.fileInfo(self.mapToSource(index))
                if column == DATE_COLUMN:
                    return QLocale().toString(info.lastModified(), QLocale.FormatType.ShortFormat)
                if info.isFile():
                    return QLocale().formattedDataSize(info.size(), 1)
                return ""
        return super().data(index, role)


def file_dialog(
    parent: QWidget, title: str, directory: str, name_filter: str, saving: bool
) -> QFileDialog:
    """A window-modal file dialog (open it with ``open``) whose every text follows the interface
    language: Qt's widget dialog, so the translations apply whatever the desktop."""
    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setProxyModel(FileDialogTexts(dialog))
    if saving:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog
