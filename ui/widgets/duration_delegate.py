"""Editing a planned duration with a spin box bounded like the domain rule (1 to 1440 minutes)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from civodesk.i18n import _

MIN_MINUTES, MAX_MINUTES, STEP_MINUTES = 1, 24 * 60, 5


class DurationDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(MIN_MINUTES, MAX_MINUTES)
        editor.setSingleStep(STEP_MINUTES)
        editor.setSuffix(_(" min"))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setFrame(False)
        return editor
