"""Réunion: the meeting's details and its agenda at a glance, with the way to edit them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.meetings.meeting import MeetingDetails
from ui.meetings.agenda_model import DURATION_COLUMN, NUMBER_COLUMN, TITLE_COLUMN, AgendaModel
from ui.shell.formatting import format_datetime, format_duration, format_time
from ui.shell.icons import icon
from ui.shell.workspace_context import WorkspaceContext


class OverviewPage(QWidget):
    """``edit_requested`` asks the workspace to open the meeting dialog."""

    edit_requested = Signal()

    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.edit_button = QPushButton(icon("edit"), _("Modifier la réunion et l'ordre du jour…"))
        self.edit_button.setObjectName("editMeetingButton")
        self.edit_button.clicked.connect(self.edit_requested)

        self.organization_label = QLabel()
        self.place_label = QLabel()
        self.when_label = QLabel()
        self.facilitators_label = QLabel()
        self.quorum_label = QLabel()
        self.description_label = QLabel()
        for label in (
            self.organization_label,
            self.place_label,
            self.when_label,
            self.facilitators_label,
            self.quorum_label,
            self.description_label,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        details_card = QFrame()
        details_card.setObjectName("card")
        form = QFormLayout(details_card)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(_("Organisateur :"), self.organization_label)
        form.addRow(_("Lieu :"), self.place_label)
        form.addRow(_("Date :"), self.when_label)
        form.addRow(_("Animation :"), self.facilitators_label)
        form.addRow(_("Quorum :"), self.quorum_label)
        form.addRow(_("Description :"), self.description_label)

        self.agenda_model = AgendaModel(self, editable=False)
        self.agenda_view = QTableView()
        self.agenda_view.setObjectName("agendaView")
        self.agenda_view.setModel(self.agenda_model)
        self.agenda_view.verticalHeader().hide()
        self.agenda_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.agenda_view.setAlternatingRowColors(True)
        self.agenda_view.setShowGrid(False)
        header = self.agenda_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NUMBER_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DURATION_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.agenda_total_label = QLabel()
        self.agenda_total_label.setObjectName("secondaryText")

        agenda_title = QLabel(_("Ordre du jour"))
        agenda_title.setObjectName("sectionTitle")
        details_title = QLabel(_("Informations"))
        details_title.setObjectName("sectionTitle")
        top = QHBoxLayout()
        top.addWidget(details_title)
        top.addStretch(1)
        top.addWidget(self.edit_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(details_card)
        layout.addWidget(agenda_title)
        layout.addWidget(self.agenda_view, 1)
        layout.addWidget(self.agenda_total_label)

    def set_meeting(self, details: MeetingDetails) -> None:
        fields = details.fields
        self.organization_label.setText(fields.organization)
        self.place_label.setText(fields.place or _("non précisé"))
        same_day = fields.starts_at.date() == fields.ends_at.date()
        end = format_time(fields.ends_at) if same_day else format_datetime(fields.ends_at)
        self.when_label.setText(
            _("{start} – {end}").format(start=format_datetime(fields.starts_at), end=end)
        )
        self.facilitators_label.setText(", ".join(fields.facilitators) or _("non précisé"))
        self.quorum_label.setText(
            _("{percent} % des inscrits").format(percent=f"{fields.quorum_percent:g}")
            if fields.quorum_percent is not None
            else _("aucun")
        )
        self.description_label.setText(fields.description or _("aucune"))
        self.agenda_model.set_items(details.agenda)
        count = len(details.agenda)
        self.agenda_total_label.setText(
            ngettext(
                "{count} point, durée prévue {duration}",
                "{count} points, durée prévue {duration}",
                count,
            ).format(count=count, duration=format_duration(details.planned_minutes))
            if count
            else _("Aucun point à l'ordre du jour : ajoutez-en avec « Modifier ».")
        )
        self.edit_button.setEnabled(not details.is_read_only)
