"""Entering a show of hands (or paper totals): a count per option, checked against the room."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _
from civodesk.meetings.meeting import ValidationError
from civodesk.voting.tally import Tally, excess_over_voters
from civodesk.voting.vote import Origin, VoteView
from ui.shell.workspace_context import WorkspaceContext

MAX_COUNT = 100_000


class TallyDialog(QDialog):
    """Counts per option, blank and spoiled; the total is checked live against the people who may
    vote, and the service checks it again (nothing is recorded when it does not fit)."""

    def __init__(
        self,
        context: WorkspaceContext,
        vote: VoteView,
        voters: int,
        other_votes: int,
        origin: Origin = Origin.HANDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tallyDialog")
        self._context = context
        self._vote = vote
        self._voters = voters
        self._others = other_votes
        self._origin = origin
        title = (
            _("Vote à main levée") if origin is Origin.HANDS else _("Totaux des bulletins papier")
        )
        self.setWindowTitle(title)
        form = QFormLayout()
        self.counts: dict[str, QSpinBox] = {}
        for option in vote.options:
            spin = _count_spin(f"tally_{option.id}")
            form.addRow(option.label + " :", spin)
            self.counts[option.id] = spin
        self.blank = _count_spin("tally_blank")
        self.spoiled = _count_spin("tally_spoiled")
        form.addRow(_("Blancs :"), self.blank)
        form.addRow(_("Nuls :"), self.spoiled)
        self.total = QLabel()
        self.total.setObjectName("tallyTotal")
        self.error = QLabel()
        self.error.setObjectName("tallyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(vote.question))
        layout.addLayout(form)
        layout.addWidget(self.total)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for spin in (*self.counts.values(), self.blank, self.spoiled):
            spin.valueChanged.connect(self._on_count_changed)
        self.setMinimumWidth(560)
        self._on_count_changed()

    def tally(self) -> Tally:
        return Tally(
            {option: spin.value() for option, spin in self.counts.items()},
            self.blank.value(),
            self.spoiled.value(),
        )

    def _on_count_changed(self) -> None:
        total = self.tally().total
        if self._voters:
            self.total.setText(
                _(
                    "Total : {total} ; autres votes déjà comptés : {others} ; votants possibles : {voters}"
                ).format(total=total, others=self._others, voters=self._voters)
            )
        else:
            self.total.setText(
                _("Total : {total} (personne n'est pointé présent)").format(total=total)
            )
        self.error.setText(excess_over_voters(total + self._others, self._voters))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not self.error.text())

    def save(self) -> None:
        self._context.run_change(
            self._context.services.votes.record_tally,
            self._vote.meeting_id,
            self._vote.id,
            self._origin,
            self.tally(),
            on_done=lambda _change: self.accept(),
            on_error=self._on_refused,
        )

    def _on_refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.error.setText("\n".join(e.message for e in error.errors))
        else:
            self.error.setText(str(error))


def _count_spin(name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(0, MAX_COUNT)
    spin.setAccelerated(True)
    return spin
