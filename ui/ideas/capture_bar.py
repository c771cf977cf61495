"""Keyboard-first capture: type the idea, Enter, and the cursor waits for the next one.

Shift+Enter breaks a line; a long paste (20,000 characters, emoji, any script) is kept whole.
The author (a checked-in participant, or anonymous), tags, colour, post-it and agenda item stay
as chosen for the next idea, except the author, who goes back to anonymous.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from civodesk.i18n import _
from civodesk.ideas.idea import IDEA_COLOURS, IdeaFields, IdeaSource


class CaptureEdit(QPlainTextEdit):
    """Enter submits; an empty box lets Ctrl+Z reach the window (undo the last capture)."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureEdit")
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_("Tapez une idée puis Entrée (Maj+Entrée : nouvelle ligne)"))
        self.setAccessibleName(_("Nouvelle idée"))
        self.setFixedHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(400, self.fontMetrics().lineSpacing() * 2 + 14)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not self.toPlainText()
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()  # nothing of its own to undo: the window's Undo takes it
            return False
        return super().event(event)


class CaptureBar(QFrame):
    """``capture_requested(IdeaFields)`` on Enter with some text; refused blank text says why."""

    capture_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureBar")
        self.edit = CaptureEdit()
        self.edit.submitted.connect(self.submit)
        self.add_button = QPushButton(_("Noter"))
        self.add_button.setObjectName("captureButton")
        self.add_button.setToolTip(_("Noter l'idée (Entrée)"))
        self.add_button.clicked.connect(self.submit)
        self.author = QComboBox()
        self.author.setObjectName("authorPicker")
        self.author.setEditable(True)
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.author.setAccessibleName(_("Auteur"))
        self.author.setMinimumContentsLength(14)
        self.tags = QLineEdit()
        self.tags.setObjectName("tagsEdit")
        self.tags.setPlaceholderText(_("étiquettes, séparées par des virgules"))
        self.tags.setAccessibleName(_("Étiquettes"))
        self.colour = QComboBox()
        self.colour.setObjectName("colourPicker")
        self.colour.setAccessibleName(_("Couleur"))
        self.colour.addItem(_("Sans couleur"), None)
        for key, label in IDEA_COLOURS.items():
            self.colour.addItem(_(label), key)
        self.postit = QCheckBox(_("Post-it"))
        self.postit.setObjectName("postitCheck")
        self.postit.setToolTip(_("Idée écrite sur un post-it (sinon : prise de parole)"))
        self.item = QComboBox()
        self.item.setObjectName("itemPicker")
        self.item.setAccessibleName(_("Point de l'ordre du jour"))
        self.item.setMinimumContentsLength(16)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.edit, 0, 0, 1, 5)
        grid.addWidget(self.add_button, 0, 5)
        for column, (label, widget) in enumerate(
            ((_("Auteur"), self.author), (_("Point"), self.item))
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            grid.addWidget(caption, 1, column * 2)
            grid.addWidget(widget, 1, column * 2 + 1)
        grid.addWidget(self.tags, 1, 4)
        grid.addWidget(self.colour, 1, 5)
        grid.addWidget(self.postit, 1, 6)
        grid.addWidget(self.message, 2, 0, 1, 7)
        grid.setColumnStretch(4, 1)
        self.set_authors([])

    def set_authors(self, people: Sequence[tuple[str, str]]) -> None:
        chosen = self.author.currentData()
        self.author.clear()
        self.author.addItem(_("Anonyme"), None)
        for participant_id, name in people:
            self.author.addItem(name, participant_id)
        at = self.author.findData(chosen)
        self.author.setCurrentIndex(max(0, at))

    def set_items(self, items: Sequence[tuple[str, str]], current: str | None) -> None:
        chosen = self.item.currentData() or current
        self.item.clear()
        self.item.addItem(_("Hors ordre du jour"), None)
        for item_id, title in items:
            self.item.addItem(title, item_id)
        self.item.setCurrentIndex(max(0, self.item.findData(chosen)))

    def fields(self) -> IdeaFields:
        tags = tuple(tag for tag in self.tags.text().split(",") if tag.strip())
        return IdeaFields(
            text=self.edit.toPlainText(),
            source=IdeaSource.POSTIT if self.postit.isChecked() else IdeaSource.FLOOR,
            agenda_item_id=self.item.currentData(),
            author_id=self.author.currentData(),
            tags=tags,
            colour=self.colour.currentData(),
        )

    def submit(self) -> None:
        fields = self.fields()
        if not fields.text.strip():
            self.show_error(_("Le texte de l'idée est vide."))
            return
        self.message.hide()
        self.capture_requested.emit(fields)
        self.edit.setPlainText("")  # also empties the box's own undo
        self.author.setCurrentIndex(0)
        self.edit.setFocus()

    def show_error(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
