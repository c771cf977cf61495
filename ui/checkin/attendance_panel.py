"""Live attendance: the count, the quorum indicator, proxies, and a breakdown table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.checkin.attendance_rules import MAJORITY_QUORUM_PERCENT
from civodesk.checkin.views import AttendanceSummary
from civodesk.i18n import _, ngettext
from civodesk.participants.column_mapping import field_label
from ui.checkin.breakdown_model import BreakdownModel
from ui.shell.formatting import format_count
from ui.widgets.style import set_style_sheet


class AttendancePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.count_label = QLabel("0")
        self.count_label.setObjectName("attendanceCount")
        self.count_label.setStyleSheet("font-size: 34pt; font-weight: 700; color: #12344f;")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.registered_label = QLabel()
        self.registered_label.setObjectName("secondaryText")
        self.registered_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quorum_bar = QProgressBar()
        self.quorum_bar.setTextVisible(False)
        self.quorum_bar.setFixedHeight(10)
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorumLabel")
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quorum_rule_label = QLabel()
        self.quorum_rule_label.setObjectName("secondaryText")
        self.quorum_rule_label.setWordWrap(True)
        self.quorum_rule_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.proxies_label = QLabel()
        self.proxies_label.setObjectName("secondaryText")
        self.proxies_label.setWordWrap(True)
        self.proxies_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breakdown_choice = QComboBox()
        self.breakdown_choice.setAccessibleName(_("Répartition par"))
        self.breakdown_choice.currentIndexChanged.connect(self._show_breakdown)
        self.breakdown_model = BreakdownModel(self)
        self.breakdown_view = QTableView()
        self.breakdown_view.setModel(self.breakdown_model)
        self.breakdown_view.verticalHeader().hide()
        self.breakdown_view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.breakdown_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.breakdown_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown_empty = QLabel(
            _("Pas de commune, de quartier ni de tranche d'âge renseignés pour une répartition.")
        )
        self.breakdown_empty.setWordWrap(True)
        self.breakdown_empty.setObjectName("secondaryText")

        title = QLabel(_("Présents"))
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.count_label)
        layout.addWidget(self.registered_label)
        layout.addWidget(self.quorum_bar)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.quorum_rule_label)
        layout.addWidget(self.proxies_label)
        layout.addSpacing(6)
        layout.addWidget(self.breakdown_choice)
        layout.addWidget(self.breakdown_view, 1)
        layout.addWidget(self.breakdown_empty)
        self.summary: AttendanceSummary | None = None

    def set_summary(self, summary: AttendanceSummary) -> None:
        self.summary = summary
        self.count_label.setText(format_count(summary.present))
        self.registered_label.setText(
            ngettext("sur {count} inscrit", "sur {count} inscrits", summary.registered).format(
                count=format_count(summary.registered)
            )
        )
        if summary.quorum_required is None or summary.quorum_percent is None:
            self.quorum_bar.hide()
            self.quorum_rule_label.hide()
            self.quorum_label.setText(_("Pas de quorum pour cette réunion."))
            set_style_sheet(self.quorum_label, "color: #52606d;")
        else:
            self._show_quorum(summary, summary.quorum_required, summary.quorum_percent)
        self.proxies_label.setText(_proxies_text(summary))
        current = self.breakdown_choice.currentData()
        self.breakdown_choice.blockSignals(True)
        self.breakdown_choice.clear()
        for name in summary.breakdowns:
            self.breakdown_choice.addItem(
                _("Par {field}").format(field=field_label(name).lower()), name
            )
        index = self.breakdown_choice.findData(current)
        self.breakdown_choice.setCurrentIndex(max(0, index))
        self.breakdown_choice.blockSignals(False)
        has_breakdown = bool(summary.breakdowns)
        self.breakdown_choice.setVisible(has_breakdown)
        self.breakdown_view.setVisible(has_breakdown)
        self.breakdown_empty.setVisible(not has_breakdown)
        self._show_breakdown()

    def _show_quorum(self, summary: AttendanceSummary, required: int, percent: float) -> None:
        self.quorum_bar.show()
        self.quorum_bar.setRange(0, required)
        self.quorum_bar.setValue(min(summary.present, required))
        if summary.registered == 0:
            text = _(
                "Quorum non atteint : personne n'est inscrit. Importez ou ajoutez des inscrits."
            )
            color = "#b3261e"
        elif summary.quorum_reached:
            text = _("Quorum atteint ({required} présents requis)").format(
                required=format_count(required)
            )
            color = "#1e7b34"
        else:
            text = _("Quorum non atteint : encore {missing} (sur {required} requis)").format(
                missing=format_count(required - summary.present), required=format_count(required)
            )
            color = "#b3261e"
        self.quorum_label.setText(text)
        set_style_sheet(self.quorum_label, f"color: {color}; font-weight: 600;")
        set_style_sheet(
            self.quorum_bar,
            f"QProgressBar {{ border: none; background: #e4e7eb; border-radius: 5px; }}"
            f" QProgressBar::chunk {{ background: {color}; border-radius: 5px; }}",
        )
        if percent == MAJORITY_QUORUM_PERCENT:
            rule = _("Quorum : plus de la moitié des inscrits, présents en personne.")
        else:
            rule = _("Quorum : au moins {percent} % des inscrits, présents en personne.").format(
                percent=f"{percent:g}"
            )
        self.quorum_rule_label.setText(rule)
        self.quorum_rule_label.show()

    def _show_breakdown(self) -> None:
        name = self.breakdown_choice.currentData()
        rows = self.summary.breakdowns.get(name, ()) if self.summary and name else ()
        self.breakdown_model.set_rows(rows)


def _proxies_text(summary: AttendanceSummary) -> str:
    """Proxies in force, the present-or-represented total, and those on hold (not counted)."""
    text = ngettext(
        "{count} procuration en vigueur", "{count} procurations en vigueur", summary.proxies
    ).format(count=format_count(summary.proxies))
    text += "\n" + _("Présents ou représentés : {count}").format(
        count=format_count(summary.represented)
    )
    if summary.proxies_on_hold:
        text += "\n" + ngettext(
            "{count} procuration en attente (mandant présent ou mandataire sorti)",
            "{count} procurations en attente (mandant présent ou mandataire sorti)",
            summary.proxies_on_hold,
        ).format(count=format_count(summary.proxies_on_hold))
    return text
