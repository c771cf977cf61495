"""Who was in the room at a given time (for a vote held at that time): the attendance timeline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDateTime, QStringListModel
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.checkin.views import PresentPerson
from civodesk.i18n import _, ngettext
from ui.shell.workspace_context import WorkspaceContext


class PresenceDialog(QDialog):
    def __init__(
        self, context: WorkspaceContext, meeting_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("presenceDialog")
        self.setWindowTitle(_("Présents à une heure donnée"))
        self.setMinimumSize(420, 460)
        self._context = context
        self._meeting_id = meeting_id
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setObjectName("presenceTime")
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.show_button = QPushButton(_("Afficher"))
        self.show_button.setObjectName("showPresenceButton")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        self.count_label = QLabel()
        self.count_label.setObjectName("sectionTitle")
        self.model = QStringListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        hint = QLabel(
            _(
                "Entrées et départs enregistrés jusqu'à cette heure, sur tous les postes synchronisés."
            )
        )
        hint.setObjectName("secondaryText")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Fermer"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.when, 1)
        row.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(buttons)

    def load(self) -> None:
        self._context.tasks.submit_db(
            self._context.services.checkin.present_at,
            self._meeting_id,
            self.when.dateTime().toMSecsSinceEpoch(),
            on_done=self._on_loaded,
        )

    def _on_loaded(self, people: Sequence[PresentPerson]) -> None:
        self.count_label.setText(
            ngettext(
                "{count} personne présente", "{count} personnes présentes", len(people)
            ).format(count=len(people))
        )
        self.model.setStringList([person.display_name or _("(nom effacé)") for person in people])
