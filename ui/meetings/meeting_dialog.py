"""Creating or editing a meeting: its details and its ordered agenda, validated as you type.

The same rules as the service (``validate_meeting``, ``validate_agenda_item``) run on every
keystroke; each error shows under its field and the OK button stays disabled until there is none,
so the service never receives input it would refuse.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime, QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.meetings.meeting import (
    DEFAULT_BADGE_MARGIN_DAYS,
    DEFAULT_PROXY_LIMIT,
    MAX_BADGE_MARGIN_DAYS,
    MAX_PROXY_LIMIT,
    MeetingDetails,
    MeetingFields,
    validate_meeting,
)
from ui.meetings.agenda_model import (
    DURATION_COLUMN,
    NUMBER_COLUMN,
    TITLE_COLUMN,
    AgendaModel,
    AgendaRow,
)
from ui.shell.formatting import format_duration, to_qdatetime
from ui.shell.icons import icon
from ui.widgets.duration_delegate import DurationDelegate

DEFAULT_DURATION_MINUTES = 15
DEFAULT_MEETING_HOURS = 2
DATE_FORMAT = "dd/MM/yyyy HH:mm"


def _tool_button(icon_name: str, tooltip: str, object_name: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setToolTip(tooltip)
    button.setObjectName(object_name)
    button.setAccessibleName(tooltip)
    return button


def _error_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setProperty("role", "fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class MeetingDialog(QDialog):
    """``details`` None creates a meeting; otherwise the dialog edits that meeting."""

    def __init__(
        self,
        details: MeetingDetails | None = None,
        default_organization: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDialog")
        self.details = details
        self.setWindowTitle(_("Modifier la réunion") if details else _("Nouvelle réunion"))
        self.setMinimumWidth(760)
        self._zone: tzinfo | None = details.fields.starts_at.tzinfo if details else None

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText(_("Ex. : Réunion publique sur le plan vélo"))
        self.organization_edit = QLineEdit()
        self.organization_edit.setObjectName("organizationEdit")
        self.organization_edit.setPlaceholderText(_("Commune ou collectivité"))
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("placeEdit")
        self.place_edit.setPlaceholderText(_("Ex. : Salle des fêtes"))
        self.starts_edit = QDateTimeEdit()
        self.starts_edit.setObjectName("startsEdit")
        self.ends_edit = QDateTimeEdit()
        self.ends_edit.setObjectName("endsEdit")
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.quorum_edit = QLineEdit()
        self.quorum_edit.setObjectName("quorumEdit")
        self.quorum_edit.setPlaceholderText(_("aucun"))
        self.quorum_edit.setMaximumWidth(90)
        self.proxy_limit_spin = QSpinBox()
        self.proxy_limit_spin.setObjectName("proxyLimitSpin")
        self.proxy_limit_spin.setRange(1, MAX_PROXY_LIMIT)
        self.proxy_limit_spin.setValue(DEFAULT_PROXY_LIMIT)
        self.proxy_limit_spin.setToolTip(
            _("Une par personne dans un conseil municipal (CGCT L2121-20)")
        )
        self.badge_margin_spin = QSpinBox()
        self.badge_margin_spin.setObjectName("badgeMarginSpin")
        self.badge_margin_spin.setRange(0, MAX_BADGE_MARGIN_DAYS)
        self.badge_margin_spin.setValue(DEFAULT_BADGE_MARGIN_DAYS)
        self.badge_margin_spin.setToolTip(
            _("Après la fin de la réunion et ce délai, un badge est refusé comme expiré.")
        )
        self.president_edit = QLineEdit()
        self.president_edit.setObjectName("presidentEdit")
        self.president_edit.setPlaceholderText(_("Ex. : le maire (procès-verbal)"))
        self.secretaries_edit = QLineEdit()
        self.secretaries_edit.setObjectName("secretariesEdit")
        self.secretaries_edit.setPlaceholderText(_("noms séparés par des virgules"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setFixedHeight(64)
        self.description_edit.setTabChangesFocus(True)

        self.facilitators_model = QStringListModel(self)
        self.facilitators_view = QListView()
        self.facilitators_view.setObjectName("facilitatorsView")
        self.facilitators_view.setModel(self.facilitators_model)
        self.facilitators_view.setFixedHeight(64)
        self.add_facilitator_button = _tool_button(
            "add", _("Ajouter un animateur"), "addFacilitatorButton"
        )
        self.remove_facilitator_button = _tool_button(
            "remove", _("Retirer l'animateur sélectionné"), "removeFacilitatorButton"
        )
        self.add_facilitator_button.clicked.connect(self._on_add_facilitator_clicked)
        self.remove_facilitator_button.clicked.connect(self._on_remove_facilitator_clicked)

        self.title_error = _error_label("titleError")
        self.organization_error = _error_label("organizationError")
        self.dates_error = _error_label("datesError")
        self.quorum_error = _error_label("quorumError")
        self.officers_error = _error_label("officersError")
        self.agenda_error = _error_label("agendaError")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Titre :"), self._with_error(self.title_edit, self.title_error))
        form.addRow(
            _("Organisateur :"), self._with_error(self.organization_edit, self.organization_error)
        )
        form.addRow(_("Lieu :"), self.place_edit)
        dates = QHBoxLayout()
        dates.addWidget(self.starts_edit)
        dates.addSpacing(12)
        dates.addWidget(QLabel(_("Fin :")))
        dates.addWidget(self.ends_edit)
        dates.addStretch(1)
        dates_box = QWidget()
        dates_box.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Début :"), self._with_error(dates_box, self.dates_error))
        facilitators = QHBoxLayout()
        facilitators.setContentsMargins(0, 0, 0, 0)
        facilitators.addWidget(self.facilitators_view, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_facilitator_button)
        buttons.addWidget(self.remove_facilitator_button)
        buttons.addStretch(1)
        facilitators.addLayout(buttons)
        facilitators_box = QWidget()
        facilitators_box.setLayout(facilitators)
        form.addRow(_("Animation :"), facilitators_box)
        officers = QHBoxLayout()
        officers.setContentsMargins(0, 0, 0, 0)
        officers.addWidget(self.president_edit, 1)
        secretaries_label = QLabel(_("&Secrétaire(s) de séance :"))
        secretaries_label.setBuddy(self.secretaries_edit)
        officers.addWidget(secretaries_label)
        officers.addWidget(self.secretaries_edit, 1)
        officers_box = QWidget()
        officers_box.setLayout(officers)
        form.addRow(_("Présidence :"), self._with_error(officers_box, self.officers_error))
        form.addRow(_("Description :"), self.description_edit)
        quorum = QHBoxLayout()
        quorum.setContentsMargins(0, 0, 0, 0)
        quorum.addWidget(self.quorum_edit)
        quorum.addWidget(QLabel(_("% des inscrits (laisser vide s'il n'y en a pas)")))
        quorum.addStretch(1)
        quorum_box = QWidget()
        quorum_box.setLayout(quorum)
        form.addRow(_("Quorum :"), self._with_error(quorum_box, self.quorum_error))
        form.addRow(
            _("Procurations :"),
            _spin_with_unit(self.proxy_limit_spin, _("par personne au plus")),
        )
        form.addRow(
            _("Badges valables :"),
            _spin_with_unit(self.badge_margin_spin, _("jour(s) après la fin de la réunion")),
        )

        self.agenda_model = AgendaModel(self)
        self.agenda_view = QTableView()
        self.agenda_view.setObjectName("agendaEditor")
        self.agenda_view.setModel(self.agenda_model)
        self.agenda_view.verticalHeader().hide()
        self.agenda_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.agenda_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NUMBER_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DURATION_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.agenda_view.setMinimumHeight(150)
        self.agenda_view.setItemDelegateForColumn(
            DURATION_COLUMN, DurationDelegate(self.agenda_view)
        )
        self.add_item_button = QPushButton(icon("add"), _("Ajouter un point"))
        self.add_item_button.setObjectName("addAgendaItemButton")
        self.remove_item_button = _tool_button(
            "delete", _("Retirer le point sélectionné (Suppr)"), "removeAgendaItemButton"
        )
        self.move_up_button = _tool_button("up", _("Monter le point (Ctrl+Haut)"), "moveUpButton")
        self.move_down_button = _tool_button(
            "down", _("Descendre le point (Ctrl+Bas)"), "moveDownButton"
        )
        for button, shortcut in (
            (self.remove_item_button, "Del"),
            (self.move_up_button, "Ctrl+Up"),
            (self.move_down_button, "Ctrl+Down"),
        ):
            # Only while the agenda has focus: Del must keep deleting text in the fields.
            action = QAction(self.agenda_view)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(button.click)
            self.agenda_view.addAction(action)
        self.add_item_button.clicked.connect(self._on_add_item_clicked)
        self.remove_item_button.clicked.connect(self._on_remove_item_clicked)
        self.move_up_button.clicked.connect(lambda: self._move_selected(-1))
        self.move_down_button.clicked.connect(lambda: self._move_selected(+1))
        self.agenda_total_label = QLabel()
        self.agenda_total_label.setObjectName("secondaryText")
        agenda_buttons = QHBoxLayout()
        agenda_buttons.addWidget(self.add_item_button)
        agenda_buttons.addWidget(self.remove_item_button)
        agenda_buttons.addWidget(self.move_up_button)
        agenda_buttons.addWidget(self.move_down_button)
        agenda_buttons.addStretch(1)
        agenda_buttons.addWidget(self.agenda_total_label)
        agenda_title = QLabel(_("Ordre du jour"))
        agenda_title.setObjectName("sectionTitle")

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Enregistrer") if details else _("Créer la réunion"))
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.button_box.accepted.connect(self._on_ok_clicked)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(agenda_title)
        layout.addWidget(self.agenda_view, 1)
        layout.addLayout(agenda_buttons)
        layout.addWidget(self.agenda_error)
        layout.addWidget(self.button_box)

        self._fill(details, default_organization)
        for line_edit in (
            self.title_edit,
            self.organization_edit,
            self.place_edit,
            self.quorum_edit,
            self.president_edit,
            self.secretaries_edit,
        ):
            line_edit.textChanged.connect(self._validate)
        self.starts_edit.dateTimeChanged.connect(self._on_starts_changed)
        self.ends_edit.dateTimeChanged.connect(self._validate)
        for signal in (
            self.agenda_model.dataChanged,
            self.agenda_model.rowsInserted,
            self.agenda_model.rowsRemoved,
            self.agenda_model.modelReset,
        ):
            signal.connect(self._validate)
        self._validate()
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _with_error(field: QWidget, error: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(error)
        return box

    def _fill(self, details: MeetingDetails | None, default_organization: str) -> None:
        if details is None:
            start = (datetime.now() + timedelta(days=7)).replace(
                hour=18, minute=30, second=0, microsecond=0
            )
            self.organization_edit.setText(default_organization)
            self.starts_edit.setDateTime(to_qdatetime(start))
            self.ends_edit.setDateTime(to_qdatetime(start + timedelta(hours=DEFAULT_MEETING_HOURS)))
            return
        fields = details.fields
        self.title_edit.setText(fields.title)
        self.organization_edit.setText(fields.organization)
        self.place_edit.setText(fields.place)
        self.starts_edit.setDateTime(to_qdatetime(fields.starts_at))
        self.ends_edit.setDateTime(to_qdatetime(fields.ends_at))
        self.facilitators_model.setStringList(list(fields.facilitators))
        self.description_edit.setPlainText(fields.description)
        if fields.quorum_percent is not None:
            self.quorum_edit.setText(f"{fields.quorum_percent:g}")
        self.president_edit.setText(fields.president)
        self.secretaries_edit.setText(", ".join(fields.secretaries))
        self.proxy_limit_spin.setValue(fields.proxy_limit)
        self.badge_margin_spin.setValue(fields.badge_margin_days)
        self.agenda_model.set_items(details.agenda)

    # Reading the form ------------------------------------------------------------------------

    def _aware(self, value: QDateTime) -> datetime:
        python_value = value.toPython()
        assert isinstance(python_value, datetime)
        naive = python_value.replace(second=0, microsecond=0)
        if self._zone is not None:
            return naive.replace(tzinfo=self._zone)
        return naive.astimezone()  # the machine's zone, with the right summer/winter offset

    def _quorum(self) -> tuple[float | None, str | None]:
        text = self.quorum_edit.text().strip().rstrip("%").strip().replace(",", ".")
        if not text:
            return None, None
        try:
            return float(text), None
        except ValueError:
            return None, _("Saisissez un nombre, par exemple 25, ou laissez vide.")

    def fields(self) -> MeetingFields:
        quorum, _quorum_error = self._quorum()
        return MeetingFields(
            title=self.title_edit.text(),
            organization=self.organization_edit.text(),
            place=self.place_edit.text(),
            starts_at=self._aware(self.starts_edit.dateTime()),
            ends_at=self._aware(self.ends_edit.dateTime()),
            facilitators=tuple(
                name.strip() for name in self.facilitators_model.stringList() if name.strip()
            ),
            description=self.description_edit.toPlainText(),
            quorum_percent=quorum,
            president=self.president_edit.text().strip(),
            secretaries=tuple(
                name.strip()
                for name in self.secretaries_edit.text().replace(";", ",").split(",")
                if name.strip()
            ),
            proxy_limit=self.proxy_limit_spin.value(),
            badge_margin_days=self.badge_margin_spin.value(),
        )

    def agenda_rows(self) -> list[AgendaRow]:
        return self.agenda_model.rows()

    # Validation ------------------------------------------------------------------------------

    def _validate(self) -> bool:
        errors = {error.field: error.message for error in validate_meeting(self.fields())}
        _quorum, quorum_parse_error = self._quorum()
        if quorum_parse_error:
            errors["quorum_percent"] = quorum_parse_error
        shown = (
            (self.title_error, errors.get("title")),
            (self.organization_error, errors.get("organization")),
            (self.dates_error, errors.get("ends_at") or errors.get("starts_at")),
            (self.quorum_error, errors.get("quorum_percent")),
            (self.officers_error, errors.get("president")),
            (self.agenda_error, self.agenda_model.first_error()),
        )
        for label, message in shown:
            label.setText(message or "")
            label.setVisible(bool(message))
        count = self.agenda_model.rowCount()
        self.agenda_total_label.setText(
            ngettext("{count} point · {duration}", "{count} points · {duration}", count).format(
                count=count, duration=format_duration(self.agenda_model.total_minutes())
            )
        )
        valid = not any(message for _label, message in shown)
        self.ok_button.setEnabled(valid)
        return valid

    # Slots -------------------------------------------------------------------------------------

    def _on_starts_changed(self, value: QDateTime) -> None:
        """Keep the end after the start when the start moves past it (what people expect)."""
        if self.ends_edit.dateTime() <= value:
            self.ends_edit.setDateTime(value.addSecs(DEFAULT_MEETING_HOURS * 3600))
        self._validate()

    def _on_add_facilitator_clicked(self) -> None:
        row = self.facilitators_model.rowCount()
        self.facilitators_model.insertRows(row, 1)
        index = self.facilitators_model.index(row)
        self.facilitators_view.setCurrentIndex(index)
        self.facilitators_view.edit(index)

    def _on_remove_facilitator_clicked(self) -> None:
        index = self.facilitators_view.currentIndex()
        if index.isValid():
            self.facilitators_model.removeRows(index.row(), 1)

    def _on_add_item_clicked(self) -> None:
        row = self.agenda_model.add_row("", DEFAULT_DURATION_MINUTES)
        index = self.agenda_model.index(row, TITLE_COLUMN)
        self.agenda_view.setCurrentIndex(index)
        self.agenda_view.edit(index)

    def _selected_row(self) -> int | None:
        index: QModelIndex = self.agenda_view.currentIndex()
        return index.row() if index.isValid() else None

    def _on_remove_item_clicked(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.agenda_model.remove_row(row)

    def _move_selected(self, step: int) -> None:
        row = self._selected_row()
        if row is not None and self.agenda_model.move_row(row, row + step):
            self.agenda_view.setCurrentIndex(self.agenda_model.index(row + step, TITLE_COLUMN))

    def _on_ok_clicked(self) -> None:
        if self._validate():
            self.accept()


def _spin_with_unit(spin: QWidget, unit: str) -> QWidget:
    """A number and the words that say what it counts, on one line."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(spin)
    label = QLabel(unit)
    label.setWordWrap(True)
    row.addWidget(label, 1)
    box = QWidget()
    box.setLayout(row)
    return box
