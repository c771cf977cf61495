"""Setting up a vote: question, agenda item, method and rules, options, secrecy, projector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import N_, _
from civodesk.ideas.idea import ClusterView, IdeaView
from civodesk.meetings.meeting import AgendaItemView
from civodesk.voting.counting import METHODS
from civodesk.voting.option_sources import option_sources
from civodesk.voting.vote import (
    VoteOption,
    VoteSetup,
    method_label,
    validate_setup,
    yes_no_options,
)
from ui.voting.option_picker import OptionPicker

MAJORITIES = (
    ("simple", N_("Majorité simple (plus de pour que de contre)")),
    ("absolute", N_("Majorité absolue (plus de la moitié)")),
    ("two_thirds", N_("Deux tiers")),
    ("custom", N_("Part personnalisée")),
)
BASES = (
    ("cast", N_("Suffrages exprimés (pour et contre)")),
    ("valid", N_("Bulletins valables (avec abstentions et blancs)")),
    ("present", N_("Présents et représentés")),
    ("registered", N_("Inscrits")),
)
RULE_PAGES = {"yes_no_abstain": 1, "approval": 2, "dots": 3, "score": 4}


class VoteDialog(QDialog):
    """Asks for a new vote; ``setup()`` gives the result once accepted (checked like the service)."""

    def __init__(
        self,
        agenda: Sequence[AgendaItemView],
        ideas: Sequence[IdeaView] = (),
        clusters: Sequence[ClusterView] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voteDialog")
        self.setWindowTitle(_("Nouveau vote"))
        self._ideas = list(ideas)
        self._clusters = list(clusters)
        self._from_ideas: dict[str, str] = {}
        self.picker: OptionPicker | None = None
        form = QFormLayout()
        self.question = QLineEdit()
        self.question.setObjectName("voteQuestion")
        self.question.setPlaceholderText(_("Par exemple : Adoptez-vous le projet de parc ?"))
        form.addRow(_("&Question :"), self.question)
        self.agenda = QComboBox()
        self.agenda.addItem(_("(aucun point)"), None)
        for item in agenda:
            self.agenda.addItem(item.title, item.id)
        form.addRow(_("&Point de l'ordre du jour :"), self.agenda)
        self.method = QComboBox()
        self.method.setObjectName("voteMethod")
        for name in METHODS:
            self.method.addItem(method_label(name), name)
        form.addRow(_("&Méthode :"), self.method)
        self.options = QPlainTextEdit()
        self.options.setObjectName("voteOptions")
        self.options.setPlaceholderText(_("Une option par ligne"))
        self.options.setMaximumHeight(120)
        take = QPushButton(_("Choisir parmi les &idées et les groupes…"))
        take.setObjectName("takeIdeas")
        take.setToolTip(_("Seulement celles du point choisi, et celles sans point"))
        take.setEnabled(bool(self._ideas))
        take.clicked.connect(self.pick_options)
        options_row = QVBoxLayout()
        options_row.addWidget(self.options)
        options_row.addWidget(take)
        self.options_box = QWidget()
        self.options_box.setLayout(options_row)
        form.addRow(_("&Options :"), self.options_box)
        self.rules = QStackedWidget()
        self.rules.addWidget(QLabel(_("Rien à régler pour cette méthode.")))
        self.rules.addWidget(self._yes_no_rules())
        self.max_choices = _spin(0, 99, 0, _("sans limite"))
        self.rules.addWidget(_form_page((_("Choix au plus :"), self.max_choices)))
        self.dots = _spin(1, 99, 5)
        self.dots_per_option = _spin(1, 99, 3)
        self.rules.addWidget(
            _form_page(
                (_("Gommettes par personne :"), self.dots),
                (_("Au plus sur une option :"), self.dots_per_option),
            )
        )
        self.max_score = _spin(1, 100, 5)
        self.rules.addWidget(_form_page((_("Note maximale :"), self.max_score)))
        form.addRow(_("Règles :"), self.rules)
        self.secret = QCheckBox(_("Vote &secret (sinon nominatif : chaque nom et son vote)"))
        self.secret.setObjectName("voteSecret")
        self.secret.setChecked(True)
        form.addRow("", self.secret)
        self.projector_live = QCheckBox(_("Afficher le décompte en direct au projecteur"))
        form.addRow("", self.projector_live)
        self.error = QLabel()
        self.error.setObjectName("voteDialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Préparer le vote"))
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self._on_method_changed()
        self.setMinimumWidth(640)

    def _yes_no_rules(self) -> QWidget:
        self.majority = QComboBox()
        self.majority.setObjectName("voteMajority")
        for value, label in MAJORITIES:
            self.majority.addItem(_(label), value)
        self.base = QComboBox()
        for value, label in BASES:
            self.base.addItem(_(label), value)
        self.share = QLineEdit("3/5")
        self.share.setToolTip(_("Part de la base, par exemple 3/5 ou 0,6"))
        self.meeting_quorum = QCheckBox(_("Appliquer le quorum de la réunion"))
        self.majority.currentIndexChanged.connect(self._on_majority_changed)
        page = _form_page(
            (_("Majorité :"), self.majority),
            (_("Base :"), self.base),
            (_("Part :"), self.share),
            ("", self.meeting_quorum),
        )
        self._on_majority_changed()
        return page

    def _on_majority_changed(self) -> None:
        simple = self.majority.currentData() == "simple"
        self.base.setEnabled(not simple)
        if simple:
            self.base.setCurrentIndex(0)
        self.share.setEnabled(self.majority.currentData() == "custom")

    def _on_method_changed(self) -> None:
        method = self.method.currentData()
        self.rules.setCurrentIndex(RULE_PAGES.get(method, 0))
        for page in range(self.rules.count()):  # the stack takes the height of the page shown
            policy = (
                QSizePolicy.Policy.Preferred
                if page == self.rules.currentIndex()
                else QSizePolicy.Policy.Ignored
            )
            self.rules.widget(page).setSizePolicy(policy, policy)
        self.adjustSize()
        self.options_box.setVisible(method != "yes_no_abstain")

    def pick_options(self) -> None:
        """Open the picker on the groups and ideas of the agenda item chosen (and of none)."""
        sources = option_sources(self._ideas, self._clusters, self.agenda.currentData())
        taken = frozenset(
            self._from_ideas[label] for label in self._lines() if label in self._from_ideas
        )
        self.picker = OptionPicker(sources, taken, self)
        self.picker.accepted.connect(self._on_picked)
        self.picker.open()

    def _on_picked(self) -> None:
        """The ticked ones join the options typed by hand (once each, in the list's order)."""
        assert self.picker is not None
        lines = [line for line in self._lines() if line not in self._from_ideas]
        self._from_ideas = {}
        for source in self.picker.chosen():
            self._from_ideas[source.label] = source.id
            lines.append(source.label)
        self.options.setPlainText("\n".join(lines))

    def _lines(self) -> list[str]:
        lines = (" ".join(line.split()) for line in self.options.toPlainText().splitlines())
        return [line for line in lines if line]

    def chosen_options(self) -> tuple[VoteOption, ...]:
        if self.method.currentData() == "yes_no_abstain":
            return yes_no_options()
        return tuple(
            VoteOption(self._from_ideas.get(label, f"opt-{number}"), label)
            for number, label in enumerate(self._lines(), start=1)
        )

    def chosen_rules(self) -> dict[str, Any] | None:
        method = self.method.currentData()
        if method == "yes_no_abstain":
            rules: dict[str, Any] = {
                "majority": self.majority.currentData(),
                "base": self.base.currentData(),
            }
            if rules["majority"] == "custom":
                rules["share"] = self.share.text().strip().replace(",", ".")
            return rules
        if method == "approval":
            return {"max_choices": self.max_choices.value() or None}
        if method == "dots":
            return {
                "dots_per_person": self.dots.value(),
                "max_per_option": self.dots_per_option.value(),
            }
        if method == "score":
            return {"max_score": self.max_score.value()}
        return None

    def setup(self) -> VoteSetup:
        method = self.method.currentData()
        return VoteSetup(
            question=self.question.text(),
            method=method,
            options=self.chosen_options(),
            rules=self.chosen_rules(),
            secret=self.secret.isChecked(),
            agenda_item_id=self.agenda.currentData(),
            projector_live=self.projector_live.isChecked(),
            meeting_quorum=method == "yes_no_abstain" and self.meeting_quorum.isChecked(),
        )

    def _on_accept(self) -> None:
        errors = validate_setup(self.setup())
        if errors:
            self.error.setText("\n".join(error.message for error in errors))
            return
        self.accept()


def _spin(low: int, high: int, value: int, special: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    if special:
        spin.setSpecialValueText(special)
    return spin


def _form_page(*rows: tuple[str, QWidget]) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    for label, widget in rows:
        form.addRow(label, widget)
    return page
