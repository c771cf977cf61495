"""Fast keyboard entry of paper ballots: one line per ballot, Enter, a running count, and the
last ballot can be corrected (Ctrl+Z puts it back in the line)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _
from civodesk.meetings.meeting import ValidationError
from civodesk.voting.ballots import Ballot
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.results import describe_ballot
from civodesk.voting.service import BallotIntake, CastReceipt
from civodesk.voting.typed_ballots import TypedBallotError, read_typed_ballot
from civodesk.voting.vote import Origin, VoteView
from ui.shell.workspace_context import WorkspaceContext

RECENT = 6


def legend(vote: VoteView) -> str:
    numbered = "   ".join(f"{n} = {o.label}" for n, o in enumerate(vote.options, start=1))
    lines = [numbered, _("b = blanc   n = nul")]
    if vote.method == "majority_judgment":
        lines.insert(1, "   ".join(f"{n} = {_(g)}" for n, g in enumerate(GRADES, start=1)))
        lines.insert(2, _("Une mention par option, dans l'ordre : « 2 5 1 »."))
    elif vote.method in {"borda", "schulze", "irv"}:
        lines.insert(1, _("Les numéros par ordre de préférence : « 3 1 2 »."))
    elif vote.method == "approval":
        lines.insert(1, _("Les numéros des options cochées : « 1 3 »."))
    elif vote.method in {"dots", "score"}:
        lines.insert(1, _("Une valeur par option, dans l'ordre : « 4 0 2 »."))
    return "\n".join(lines)


class PaperEntryDialog(QDialog):
    def __init__(
        self, context: WorkspaceContext, vote: VoteView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paperEntryDialog")
        self.setWindowTitle(_("Saisie des bulletins papier"))
        self._context = context
        self._vote = vote
        self._ids = [option.id for option in vote.options]
        self._last: tuple[str, str, Ballot] | None = None  # box key, typed text, ballot
        self._correcting = False
        self.entered = 0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(vote.question))
        self.legend = QLabel(legend(vote))
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.line = QLineEdit()
        self.line.setObjectName("paperLine")
        self.line.setPlaceholderText(_("Bulletin, puis Entrée"))
        self.line.returnPressed.connect(self.submit)
        font = self.line.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.line.setFont(font)
        layout.addWidget(self.line)
        self.feedback = QLabel()
        self.feedback.setObjectName("paperFeedback")
        self.feedback.setWordWrap(True)
        layout.addWidget(self.feedback)
        self.count = QLabel()
        self.count.setObjectName("paperCount")
        layout.addWidget(self.count)
        self.recent = QListWidget()
        self.recent.setObjectName("paperRecent")
        self.recent.setMaximumHeight(140)
        layout.addWidget(self.recent)
        self.correct = QPushButton(_("&Corriger le dernier bulletin (Ctrl+Z)"))
        self.correct.setObjectName("paperCorrect")
        self.correct.setEnabled(False)
        self.correct.clicked.connect(self.correct_last)
        self.line.installEventFilter(self)
        layout.addWidget(self.correct)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for button in (self.correct, *buttons.buttons()):
            button.setAutoDefault(False)  # Enter records the typed ballot, nothing else
        layout.addWidget(buttons)
        self._show_count()
        self.resize(620, 480)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z in the line corrects the last ballot (rather than undoing the typing)."""
        if (
            watched is self.line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            self.correct_last()
            return True
        return super().eventFilter(watched, event)

    def _show_count(self) -> None:
        self.count.setText(_("Bulletins saisis : {count}").format(count=self.entered))

    def submit(self) -> None:
        text = self.line.text()
        try:
            ballot = read_typed_ballot(self._vote.method, self._ids, text)
        except TypedBallotError as error:
            self._say(str(error), error=True)
            self.line.selectAll()  # the next key replaces the wrong line
            return
        services = self._context.services.votes
        if self._correcting and self._last is not None:
            key = self._last[0]
            self._context.tasks.submit_db(
                services.correct_paper_ballot,
                self._vote.meeting_id,
                self._vote.id,
                key,
                ballot,
                on_done=lambda change: self._on_corrected(change, key, text, ballot),
                on_error=self._on_refused,
            )
            return
        self._context.tasks.submit_db(
            services.cast,
            self._vote.meeting_id,
            self._vote.id,
            BallotIntake(ballot, Origin.PAPER),
            on_done=lambda receipt: self._on_cast(receipt, text, ballot),
            on_error=self._on_refused,
        )

    def _on_cast(self, receipt: CastReceipt, text: str, ballot: Ballot) -> None:
        self._context.record(receipt.change)  # Ctrl+Z in the window then says it is final
        self.entered += 1
        self._last = (receipt.box_key or "", text, ballot)
        self.correct.setEnabled(True)
        self.recent.insertItem(
            0, f"{self.entered}. {describe_ballot(ballot, self._vote.labels, self._vote.method)}"
        )
        while self.recent.count() > RECENT:
            self.recent.takeItem(self.recent.count() - 1)
        self._show_count()
        self._say(
            _("Enregistré : {ballot}").format(
                ballot=describe_ballot(ballot, self._vote.labels, self._vote.method)
            )
        )
        self.line.clear()

    def _on_corrected(self, change: object, key: str, text: str, ballot: Ballot) -> None:
        self._correcting = False
        self._last = (key, text, ballot)
        self.recent.takeItem(0)
        self.recent.insertItem(
            0, f"{self.entered}. {describe_ballot(ballot, self._vote.labels, self._vote.method)}"
        )
        self._say(
            _("Dernier bulletin corrigé : {ballot}").format(
                ballot=describe_ballot(ballot, self._vote.labels, self._vote.method)
            )
        )
        self.line.clear()

    def correct_last(self) -> None:
        if self._last is None:
            return
        self._correcting = True
        self.line.setText(self._last[1])
        self.line.selectAll()
        self.line.setFocus()
        self._say(_("Correction du dernier bulletin : tapez-le à nouveau, puis Entrée."))

    def _on_refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self._say("\n".join(e.message for e in error.errors), error=True)
        else:
            self._say(str(error), error=True)
        self.line.selectAll()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.feedback.setStyleSheet("color: #b00020;" if error else "color: #186b38;")
        self.feedback.setText(text)
