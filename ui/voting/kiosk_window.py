"""The voting kiosk: a participant scans their badge, votes on a large, simple screen, and the
screen resets for the next person. A proxy holder votes once for themselves and once per proxy
in force, and the screen says so. One ballot per person is enforced by the vote service; a second
scan is refused with the reason.

The window is built once per vote and only reset between voters, so the ballot screen is ready
right after the scan (``bench/kiosk_scan.py`` measures it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.meetings.meeting import ValidationError
from civodesk.voting.service import BallotIntake, CastReceipt
from civodesk.voting.vote import Origin, VoteView
from civodesk.voting.voters import VoterTurn
from ui.shell.workspace_context import WorkspaceContext
from ui.voting.ballot_widgets import ballot_widget

RESET_AFTER_MS = 4000
WELCOME, BALLOT, THANKS = 0, 1, 2
STYLE = """
QWidget#kioskWindow { background: #ffffff; }
QLabel { font-size: 22px; color: #111; }
QLabel#kioskTitle { font-size: 34px; font-weight: bold; }
QLabel#kioskMessage { font-size: 26px; }
QPushButton { font-size: 22px; padding: 10px 18px; }
QPushButton:checked { background: #1c4d85; color: white; font-weight: bold; }
QPushButton#kioskSubmit { background: #186b38; color: white; font-weight: bold; }
QLineEdit { font-size: 22px; }
"""


class KioskWindow(QWidget):
    """A top-level window for one open vote. Signals say what happened (for the page and tests)."""

    ballot_recorded = Signal(str)
    turn_refused = Signal(str)
    ballot_shown = Signal()

    def __init__(
        self, context: WorkspaceContext, vote: VoteView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(_("Borne de vote — {question}").format(question=vote.question))
        self.setStyleSheet(STYLE)
        self._context = context
        self._vote = vote
        self._turn: VoterTurn | None = None
        self._position = 0
        self.stack = QStackedWidget()
        self.stack.addWidget(self._welcome_page())
        self.stack.addWidget(self._ballot_page())
        self.stack.addWidget(self._thanks_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(RESET_AFTER_MS)
        self.reset_timer.timeout.connect(self.reset)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reset)
        self.resize(1024, 720)
        self.reset()

    # Pages ---------------------------------------------------------------------------------

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self._vote.question)
        title.setObjectName("kioskTitle")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(title)
        prompt = QLabel(_("Scannez votre badge pour voter, ou tapez le code inscrit dessous."))
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.scan_input = QLineEdit()
        self.scan_input.setObjectName("kioskScan")
        self.scan_input.setAccessibleName(_("Badge ou code"))
        self.scan_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.scan_input.returnPressed.connect(self._on_scanned)
        layout.addWidget(self.scan_input)
        self.welcome_message = QLabel()
        self.welcome_message.setObjectName("kioskRefusal")
        self.welcome_message.setWordWrap(True)
        self.welcome_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_message.setStyleSheet("color: #b00020; font-size: 26px;")
        layout.addWidget(self.welcome_message)
        layout.addStretch(2)
        return page

    def _ballot_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.greeting = QLabel()
        self.greeting.setObjectName("kioskGreeting")
        self.greeting.setWordWrap(True)
        layout.addWidget(self.greeting)
        self.proxy_note = QLabel()
        self.proxy_note.setObjectName("kioskProxyNote")
        self.proxy_note.setWordWrap(True)
        self.proxy_note.setStyleSheet("color: #8a4b00; font-weight: bold;")
        layout.addWidget(self.proxy_note)
        question = QLabel(self._vote.question)
        question.setObjectName("kioskTitle")
        question.setWordWrap(True)
        layout.addWidget(question)
        self.ballot = ballot_widget(self._vote)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.ballot)
        layout.addWidget(scroll, 1)
        self.ballot_error = QLabel()
        self.ballot_error.setObjectName("kioskBallotError")
        self.ballot_error.setStyleSheet("color: #b00020;")
        self.ballot_error.setWordWrap(True)
        layout.addWidget(self.ballot_error)
        buttons = QHBoxLayout()
        cancel = QPushButton(_("Annuler"))
        cancel.setObjectName("kioskCancel")
        cancel.clicked.connect(self.reset)
        self.submit = QPushButton(_("Valider mon vote"))
        self.submit.setObjectName("kioskSubmit")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._on_submit)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.thanks = QLabel()
        self.thanks.setObjectName("kioskMessage")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setWordWrap(True)
        layout.addStretch(1)
        layout.addWidget(self.thanks)
        next_voter = QPushButton(_("Personne suivante"))
        next_voter.setObjectName("kioskNext")
        next_voter.clicked.connect(self.reset)
        layout.addWidget(next_voter, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return page

    # Flow ----------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the welcome screen: nothing of the last voter stays on screen."""
        self.reset_timer.stop()
        self._turn = None
        self._position = 0
        self.ballot.clear()
        self.ballot_error.clear()
        self.welcome_message.clear()
        self.scan_input.clear()
        self.stack.setCurrentIndex(WELCOME)
        self.scan_input.setFocus()

    def _on_scanned(self) -> None:
        text = self.scan_input.text()
        self.scan_input.clear()
        if not text.strip():
            return
        self._context.tasks.submit_db(
            self._context.services.votes.voter_turn,
            self._vote.meeting_id,
            self._vote.id,
            text,
            on_done=self.show_turn,
        )

    def show_turn(self, turn: VoterTurn) -> None:
        if turn.refusal:
            self.stack.setCurrentIndex(WELCOME)
            self.welcome_message.setText(turn.refusal)
            self.turn_refused.emit(turn.refusal)
            return
        self._turn = turn
        self._position = 0
        self._show_ballot()

    def _show_ballot(self) -> None:
        turn = self._turn
        assert turn is not None
        self.ballot.clear()
        self.ballot_error.clear()
        self.greeting.setText(_("Bonjour {name}").format(name=turn.name))
        whose_id, whose_name = turn.cast_for[self._position]
        if turn.ballots > 1:
            self.proxy_note.setText(
                ngettext(
                    "Vous votez {count} fois : pour vous et pour la personne dont vous avez la "
                    "procuration.",
                    "Vous votez {count} fois : pour vous et pour les personnes dont vous avez la "
                    "procuration.",
                    turn.ballots,
                ).format(count=turn.ballots)
                + "\n"
                + _("Bulletin {number} sur {count} : {whose}").format(
                    number=self._position + 1,
                    count=turn.ballots,
                    whose=_("votre vote")
                    if whose_id == turn.participant_id
                    else _("pour {name} (procuration)").format(name=whose_name),
                )
            )
        elif whose_id != turn.participant_id:
            self.proxy_note.setText(
                _("Vous votez pour {name} (procuration).").format(name=whose_name)
            )
        else:
            self.proxy_note.clear()
        self.stack.setCurrentIndex(BALLOT)
        self.ballot_shown.emit()

    def _on_submit(self) -> None:
        turn = self._turn
        if turn is None:
            return
        ballot = self.ballot.ballot()
        if ballot is None:
            self.ballot_error.setText(_("Choisissez avant de valider (ou votez blanc)."))
            return
        whose_id, _whose = turn.cast_for[self._position]
        self._context.tasks.submit_db(
            self._context.services.votes.cast,
            self._vote.meeting_id,
            self._vote.id,
            BallotIntake(ballot, Origin.KIOSK, whose_id, cast_by=turn.participant_id),
            on_done=self._on_cast,
            on_error=self._on_refused,
        )

    def _on_cast(self, receipt: CastReceipt) -> None:
        self._context.record(receipt.change)  # Ctrl+Z in the window then says it is final
        turn = self._turn
        assert turn is not None
        self.ballot_recorded.emit(turn.cast_for[self._position][0])
        self._position += 1
        if self._position < turn.ballots:
            self._show_ballot()
            return
        self.thanks.setText(
            ngettext(
                "A voté. Merci ! Votre vote est enregistré.",
                "A voté. Merci ! Vos {count} votes sont enregistrés.",
                turn.ballots,
            ).format(count=turn.ballots)
        )
        self.stack.setCurrentIndex(THANKS)
        self.reset_timer.start()

    def _on_refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.ballot_error.setText("\n".join(e.message for e in error.errors))
        else:
            self.ballot_error.setText(str(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reset_timer.stop()
        super().closeEvent(event)
