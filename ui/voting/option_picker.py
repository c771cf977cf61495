"""Picking vote options among the facilitation's groups and ideas: a checkable list, groups
first (with their number of ideas and supports), then ideas, as ``option_sources`` gives them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.voting.option_sources import OptionSource


def source_text(source: OptionSource) -> str:
    if source.cluster:
        return _("Groupe « {name} » — {ideas}, {supports}").format(
            name=source.label,
            ideas=ngettext("{count} idée", "{count} idées", source.ideas).format(
                count=source.ideas
            ),
            supports=ngettext("{count} soutien", "{count} soutiens", source.supports).format(
                count=source.supports
            ),
        )
    if source.supports:
        return f"{source.label} (+{source.supports})"
    return source.label


class OptionPicker(QDialog):
    """``chosen()`` gives the ticked groups and ideas, in the list's order, once accepted."""

    def __init__(
        self,
        sources: Sequence[OptionSource],
        taken: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("optionPicker")
        self.setWindowTitle(_("Options tirées des idées"))
        self._sources = list(sources)
        intro = QLabel(
            _(
                "Cochez les groupes et les idées à soumettre au vote (Espace coche la ligne). "
                "Un groupe devient une option à son nom."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("optionSources")
        for source in self._sources:
            item = QListWidgetItem(source_text(source))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if source.id in taken else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        if self._sources:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Ajouter aux options"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def chosen(self) -> list[OptionSource]:
        return [
            source
            for row, source in enumerate(self._sources)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]
