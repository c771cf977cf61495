"""The small dialogs of the Idées page: edit an idea (with its history), name a cluster, count."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import N_, _
from civodesk.ideas.idea import IDEA_COLOURS, IdeaEditEntry, IdeaView, validate_idea_text
from civodesk.ideas.service import MAX_SUPPORTS

FIELD_NAMES = {
    "text": N_("texte"),
    "tags": N_("étiquettes"),
    "colour": N_("couleur"),
    "author_id": N_("auteur"),
    "cluster_id": N_("groupe"),
    "cluster_position": N_("place"),
    "merged_into": N_("fusion"),
    "withdrawn": N_("retrait"),
    "agenda_item_id": N_("point"),
    "question_id": N_("question"),
}


def describe_edit(entry: IdeaEditEntry) -> str:
    """« 18:42:05 — texte : Des bancs à l'ombre ; couleur : green »"""
    when = datetime.fromtimestamp(entry.device_time_ms / 1000).strftime("%H:%M:%S")
    parts = []
    for name, value in entry.changes.items():
        if name == "cluster_position":
            continue
        if name == "withdrawn":
            parts.append(_("retirée") if value else _("rétablie"))
            continue
        shown = (
            value
            if isinstance(value, str)
            else ", ".join(map(str, value or []))
            if isinstance(value, list)
            else str(value)
        )
        parts.append(f"{_(FIELD_NAMES.get(name, name))} : {shown[:120]}")
    return f"{when} — {' ; '.join(parts) or '—'}"


class IdeaEditDialog(QDialog):
    """Text, tags, colour and author of an idea; its history below (every version kept)."""

    def __init__(
        self,
        idea: IdeaView,
        authors: Sequence[tuple[str, str]],
        history: Sequence[IdeaEditEntry],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ideaEditDialog")
        self.setWindowTitle(_("Modifier l'idée"))
        self.idea = idea
        self.text = QPlainTextEdit(idea.text)
        self.text.setObjectName("ideaText")
        self.tags = QLineEdit(", ".join(idea.tags))
        self.colour = QComboBox()
        self.colour.addItem(_("Sans couleur"), None)
        for key, label in IDEA_COLOURS.items():
            self.colour.addItem(_(label), key)
        self.colour.setCurrentIndex(max(0, self.colour.findData(idea.colour)))
        self.author = QComboBox()
        self.author.addItem(_("Anonyme"), None)
        for participant_id, name in authors:
            self.author.addItem(name, participant_id)
        if idea.author_id is not None and self.author.findData(idea.author_id) < 0:
            self.author.addItem(idea.author_name or _("(absent)"), idea.author_id)
        self.author.setCurrentIndex(max(0, self.author.findData(idea.author_id)))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        self.history = QListWidget()
        self.history.setObjectName("ideaHistory")
        for entry in history:
            self.history.addItem(describe_edit(entry))
        form = QFormLayout()
        form.addRow(_("Texte"), self.text)
        form.addRow(_("Étiquettes"), self.tags)
        form.addRow(_("Couleur"), self.colour)
        form.addRow(_("Auteur"), self.author)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(_("Historique")))
        layout.addWidget(self.history)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def changes(self) -> dict[str, object]:
        """Only what differs from the idea as it was."""
        wanted: dict[str, object] = {
            "text": self.text.toPlainText(),
            "tags": [tag.strip() for tag in self.tags.text().split(",") if tag.strip()],
            "colour": self.colour.currentData(),
            "author_id": self.author.currentData(),
        }
        current = {
            "text": self.idea.text,
            "tags": list(self.idea.tags),
            "colour": self.idea.colour,
            "author_id": self.idea.author_id,
        }
        return {name: value for name, value in wanted.items() if value != current[name]}

    def _accept_if_valid(self) -> None:
        errors = validate_idea_text(self.text.toPlainText())
        if errors:
            self.error.setText(errors[0].message)
            self.error.show()
            return
        self.accept()


class NameDialog(QDialog):
    """One name (a new or renamed cluster); refuses an empty one inline."""

    def __init__(self, title: str, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clusterNameDialog")
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.name.setObjectName("clusterNameEdit")
        self.name.selectAll()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_named)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Nom du groupe")))
        layout.addWidget(self.name)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.name.text().strip()

    def _accept_if_named(self) -> None:
        if not self.value():
            self.error.setText(_("Le nom du groupe est vide."))
            self.error.show()
            return
        self.accept()


class SupportCountDialog(QDialog):
    """The count from a show of hands."""

    def __init__(self, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supportCountDialog")
        self.setWindowTitle(_("Compter les soutiens"))
        self.count = QSpinBox()
        self.count.setObjectName("supportCount")
        self.count.setRange(0, MAX_SUPPORTS)
        self.count.setValue(current)
        self.count.selectAll()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Mains levées pour cette idée :")))
        layout.addWidget(self.count)
        layout.addWidget(buttons)
