"""The ballot a participant fills at the kiosk, one widget per kind of method: large, simple,
reachable from the keyboard (Tab, Space), with accessible names on every control."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _
from civodesk.voting.ballots import BLANK, Ballot
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.vote import VoteView

RANKED = frozenset({"borda", "schulze", "irv"})


def _big_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setCheckable(True)
    button.setMinimumHeight(56)
    button.setAccessibleName(text)
    return button


class BallotWidget(QWidget):
    """What every ballot widget holds: its vote. Each kind below answers ``ballot()`` (what the
    person chose, ``None`` while nothing is chosen) and ``clear()`` (ready for the next voter)."""

    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vote = vote


class ChoiceBallot(BallotWidget):
    """One choice among big buttons, plus "blank"."""

    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(vote, parent)
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for option in vote.options:
            button = _big_button(option.label, f"choice_{option.id}")
            self.group.addButton(button)
            self.buttons[option.id] = button
            layout.addWidget(button)
        self.blank = _big_button(_("Vote blanc"), "choice_blank")
        self.group.addButton(self.blank)
        layout.addWidget(self.blank)

    def ballot(self) -> Ballot | None:
        if self.blank.isChecked():
            return BLANK
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)


class ApprovalBallot(BallotWidget):
    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(vote, parent)
        layout = QVBoxLayout(self)
        most = dict(vote.rules or {}).get("max_choices")
        if most:
            layout.addWidget(QLabel(_("Choisissez jusqu'à {count} options.").format(count=most)))
        self.buttons = {o.id: _big_button(o.label, f"choice_{o.id}") for o in vote.options}
        for button in self.buttons.values():
            layout.addWidget(button)

    def ballot(self) -> Ballot | None:
        return frozenset(o for o, b in self.buttons.items() if b.isChecked()) or BLANK

    def clear(self) -> None:
        for button in self.buttons.values():
            button.setChecked(False)


class RankingBallot(BallotWidget):
    """Touch the options in order of preference; each shows its rank."""

    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(vote, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Touchez les options dans l'ordre de votre préférence.")))
        self.order: list[str] = []
        self.buttons: dict[str, QPushButton] = {}
        for option in vote.options:
            button = _big_button(option.label, f"choice_{option.id}")
            button.setCheckable(False)
            button.clicked.connect(lambda _checked=False, oid=option.id: self._pick(oid))
            self.buttons[option.id] = button
            layout.addWidget(button)
        restart = QPushButton(_("Recommencer le classement"))
        restart.clicked.connect(self.clear)
        layout.addWidget(restart)

    def _pick(self, option: str) -> None:
        if option in self.order:
            return
        self.order.append(option)
        self._label()

    def _label(self) -> None:
        labels = self.vote.labels
        for option, button in self.buttons.items():
            rank = self.order.index(option) + 1 if option in self.order else None
            button.setText(labels[option] if rank is None else f"{rank}. {labels[option]}")

    def ballot(self) -> Ballot | None:
        return list(self.order) or None

    def clear(self) -> None:
        self.order.clear()
        self._label()


class GradeBallot(BallotWidget):
    """Majority judgment: a row of the seven grades for every option."""

    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(vote, parent)
        grid = QGridLayout(self)
        self.groups: dict[str, QButtonGroup] = {}
        for column, grade in enumerate(GRADES, start=1):
            header = QLabel(_(grade))
            header.setWordWrap(True)
            grid.addWidget(header, 0, column)
        for row, option in enumerate(vote.options, start=1):
            grid.addWidget(QLabel(option.label), row, 0)
            group = QButtonGroup(self)
            for column, grade in enumerate(GRADES):
                button = QPushButton()
                button.setCheckable(True)
                button.setMinimumSize(48, 40)
                button.setObjectName(f"grade_{option.id}_{column}")
                button.setAccessibleName(f"{option.label} : {_(grade)}")
                group.addButton(button, column)
                grid.addWidget(button, row, column + 1)
            self.groups[option.id] = group

    def ballot(self) -> Ballot | None:
        grades = {o: g.checkedId() for o, g in self.groups.items() if g.checkedId() >= 0}
        return grades or None

    def clear(self) -> None:
        for group in self.groups.values():
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)


class NumberBallot(BallotWidget):
    """Dots or scores: a number per option."""

    def __init__(self, vote: VoteView, parent: QWidget | None = None) -> None:
        super().__init__(vote, parent)
        rules = dict(vote.rules or {})
        top = rules.get("max_score") or rules.get("max_per_option") or 10
        grid = QGridLayout(self)
        if vote.method == "dots":
            text = _("{dots} gommettes en tout, {most} au plus sur une option.").format(
                dots=rules.get("dots_per_person"), most=rules.get("max_per_option")
            )
        else:
            text = _("Donnez une note de 0 à {top} à chaque option.").format(top=top)
        grid.addWidget(QLabel(text), 0, 0, 1, 2)
        self.spins: dict[str, QSpinBox] = {}
        for row, option in enumerate(vote.options, start=1):
            grid.addWidget(QLabel(option.label), row, 0)
            spin = QSpinBox()
            spin.setRange(0, int(top))
            spin.setMinimumHeight(44)
            spin.setObjectName(f"number_{option.id}")
            spin.setAccessibleName(option.label)
            grid.addWidget(spin, row, 1)
            self.spins[option.id] = spin

    def ballot(self) -> Ballot | None:
        return {o: s.value() for o, s in self.spins.items() if s.value()} or BLANK

    def clear(self) -> None:
        for spin in self.spins.values():
            spin.setValue(0)


AnyBallot = ChoiceBallot | ApprovalBallot | RankingBallot | GradeBallot | NumberBallot
"""The ballot kinds, one per counting method family."""


def ballot_widget(vote: VoteView) -> AnyBallot:
    if vote.method in {"single", "yes_no_abstain"}:
        return ChoiceBallot(vote)
    if vote.method == "approval":
        return ApprovalBallot(vote)
    if vote.method in RANKED:
        return RankingBallot(vote)
    if vote.method == "majority_judgment":
        return GradeBallot(vote)
    return NumberBallot(vote)
