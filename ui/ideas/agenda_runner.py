"""The agenda runner: start, pause, next item, the item's timer, notes, question and decisions.

The timer is read from the core's pure ``read_timer`` once a second (no database access); every
action goes through the change runner and can be undone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from civodesk.facilitation.agenda_run import (
    AgendaBoard,
    DecisionFields,
    DecisionKind,
    RunState,
    format_duration,
    read_timer,
)
from civodesk.i18n import _

NOTES_SAVE_DELAY_MS = 1500


def now_ms() -> int:
    return int(time.time() * 1000)


class AgendaRunnerPanel(QFrame):
    """``action(name, *args)`` asks the page to run a facilitation action."""

    action = Signal(str, object)

    def __init__(self, clock: Callable[[], int] = now_ms, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaRunner")
        self._clock = clock
        self.board: AgendaBoard | None = None
        self.item_label = QLabel(_("Aucun point en cours"))
        self.item_label.setObjectName("runnerItem")
        self.item_label.setWordWrap(True)
        self.timer_label = QLabel("—")
        self.timer_label.setObjectName("runnerTimer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        timer_font = self.timer_label.font()
        timer_font.setPointSizeF(timer_font.pointSizeF() * 2.6)
        timer_font.setBold(True)
        self.timer_label.setFont(timer_font)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("secondaryText")
        self.start_button = QPushButton(_("Démarrer"))
        self.start_button.setObjectName("startItemButton")
        self.start_button.setToolTip(_("Démarrer ou reprendre le point (Ctrl+Maj+D)"))
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setObjectName("pauseItemButton")
        self.pause_button.setToolTip(_("Mettre le minuteur en pause (Ctrl+Maj+P)"))
        self.next_button = QPushButton(_("Point suivant"))
        self.next_button.setObjectName("nextItemButton")
        self.next_button.setToolTip(_("Clore ce point et passer au suivant (Ctrl+Maj+N)"))
        self.start_button.clicked.connect(lambda: self.action.emit("start", None))
        self.pause_button.clicked.connect(lambda: self.action.emit("pause", None))
        self.next_button.clicked.connect(lambda: self.action.emit("next", None))
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.next_button):
            buttons.addWidget(button)

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("itemNotes")
        self.notes.setPlaceholderText(_("L'essentiel du débat, pour le compte-rendu"))
        self.notes.setAccessibleName(_("Notes du point"))
        self.notes.setMinimumHeight(40)
        self._notes_item: str | None = None
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self.save_notes)
        self.notes.textChanged.connect(self._notes_timer.start)

        self.question = QLineEdit()
        self.question.setObjectName("questionEdit")
        self.question.setPlaceholderText(_("Question posée à la salle, puis Entrée"))
        self.question.returnPressed.connect(self._ask)
        self.current_question = QLabel()
        self.current_question.setObjectName("secondaryText")
        self.current_question.setWordWrap(True)

        self.decisions = QListWidget()
        self.decisions.setObjectName("decisionList")
        self.decisions.setWordWrap(True)
        self.decisions.setMinimumHeight(40)
        self.decisions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.decision_text = QLineEdit()
        self.decision_text.setObjectName("decisionText")
        self.decision_text.setPlaceholderText(_("Ce qui est décidé, ou l'action à mener"))
        self.decision_kind = QComboBox()
        self.decision_kind.addItem(_("Décision"), DecisionKind.DECISION)
        self.decision_kind.addItem(_("Action"), DecisionKind.ACTION)
        # A participant picked from the list is stored as a reference (erased with the person's
        # data); anything else typed (« Services techniques ») as text, erased by the purge.
        self.decision_owner = QComboBox()
        self.decision_owner.setObjectName("decisionOwner")
        self.decision_owner.setEditable(True)
        self.decision_owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        owner_edit = self.decision_owner.lineEdit()
        assert owner_edit is not None
        owner_edit.setPlaceholderText(_("Qui s'en charge (participant ou service)"))
        completer = self.decision_owner.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.decision_due = QDateEdit(QDate.currentDate().addDays(14))
        self.decision_due.setCalendarPopup(True)
        self.decision_has_due = QCheckBox(_("Échéance"))
        self.decision_add = QPushButton(_("Noter"))
        self.decision_add.setObjectName("addDecisionButton")
        self.decision_add.clicked.connect(self._record_decision)
        self.decision_text.returnPressed.connect(self._record_decision)
        self.decision_error = QLabel()
        self.decision_error.setObjectName("fieldError")
        self.decision_error.hide()
        form = QGridLayout()
        form.addWidget(self.decision_text, 0, 0, 1, 3)
        form.addWidget(self.decision_kind, 1, 0)
        form.addWidget(self.decision_owner, 1, 1, 1, 2)
        form.addWidget(self.decision_has_due, 2, 0)
        form.addWidget(self.decision_due, 2, 1)
        form.addWidget(self.decision_add, 2, 2)

        notes_tab = QWidget()
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.setContentsMargins(2, 4, 2, 2)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(QLabel(_("Question à la salle")))
        notes_layout.addWidget(self.question)
        notes_layout.addWidget(self.current_question)
        decisions_tab = QWidget()
        decisions_layout = QVBoxLayout(decisions_tab)
        decisions_layout.setContentsMargins(2, 4, 2, 2)
        decisions_layout.addWidget(self.decisions, 1)
        decisions_layout.addLayout(form)
        decisions_layout.addWidget(self.decision_error)
        # Two tabs keep the panel within a 1280×720 screen.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("runnerTabs")
        self.tabs.addTab(notes_tab, _("Notes"))
        self.tabs.addTab(decisions_tab, _("Relevé de décisions"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.item_label)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.plan_label)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.show_timer)
        self._tick.start()

    def set_board(self, board: AgendaBoard) -> None:
        self.board = board
        item = board.current_item
        if item is None:
            self.item_label.setText(_("Aucun point en cours : Démarrer lance le premier."))
        else:
            self.item_label.setText(item.title)
        self.start_button.setEnabled(bool(board.items))
        self.pause_button.setEnabled(item is not None and item.state == RunState.RUNNING)
        self.next_button.setEnabled(bool(board.items))
        self._show_notes()
        question = board.current_question
        self.current_question.setText(
            _("En cours : {question}").format(question=question.text) if question else ""
        )
        shown = [d for d in board.decisions if item is None or d.agenda_item_id == item.item_id]
        self.decisions.clear()
        for decision in shown:
            prefix = _("Action") if decision.kind == DecisionKind.ACTION else _("Décision")
            details = ""
            if decision.owner:
                details += f" — {decision.owner}"
            if decision.due_date:
                details += _(" (pour le {date})").format(
                    date=decision.due_date.strftime("%d/%m/%Y")
                )
            self.decisions.addItem(f"{prefix} : {decision.text}{details}")
        self.show_timer()

    def _show_notes(self) -> None:
        assert self.board is not None
        item = self.board.current_item
        item_id = item.item_id if item else None
        if item_id != self._notes_item:
            self.save_notes()
            self._notes_item = item_id
            self.notes.blockSignals(True)
            self.notes.setPlainText(item.notes if item else "")
            self.notes.blockSignals(False)
        self.notes.setEnabled(item is not None)

    def save_notes(self) -> None:
        """Notes are saved a moment after typing stops, and when the item changes."""
        self._notes_timer.stop()
        if self._notes_item is None or self.board is None:
            return
        stored = next((i.notes for i in self.board.items if i.item_id == self._notes_item), "")
        if self.notes.toPlainText() != stored:
            self.action.emit("notes", (self._notes_item, self.notes.toPlainText()))

    def show_timer(self) -> None:
        board = self.board
        item = board.current_item if board else None
        if board is None or item is None:
            self.timer_label.setText("—")
            self.plan_label.setText("")
            self.timer_label.setProperty("level", "normal")
        else:
            reading = read_timer(item, self._clock() + board.clock_offset_ms)
            self.timer_label.setText(format_duration(reading.remaining_ms))
            self.timer_label.setProperty("level", reading.level.value)
            self.plan_label.setText(
                _("Prévu {planned} · écoulé {elapsed}").format(
                    planned=format_duration(item.planned_ms),
                    elapsed=format_duration(reading.elapsed_ms),
                )
            )
        self.timer_label.style().unpolish(self.timer_label)
        self.timer_label.style().polish(self.timer_label)

    def _ask(self) -> None:
        text = self.question.text().strip()
        if text:
            item = self.board.current_item if self.board else None
            self.action.emit("question", (item.item_id if item else None, text))
            self.question.clear()

    def set_people(self, people: Sequence[tuple[str, str]]) -> None:
        """The participants an action may be given to (checked in), as (id, name)."""
        typed = self.decision_owner.currentText()
        self.decision_owner.blockSignals(True)
        self.decision_owner.clear()
        for participant_id, name in people:
            self.decision_owner.addItem(name, participant_id)
        self.decision_owner.setEditText(typed)
        self.decision_owner.blockSignals(False)

    def _owner(self) -> tuple[str, str | None]:
        """(typed text, participant id): a name picked from the list is the participant."""
        text = " ".join(self.decision_owner.currentText().split())
        at = self.decision_owner.findText(text, Qt.MatchFlag.MatchFixedString)
        if text and at >= 0:
            return "", str(self.decision_owner.itemData(at))
        return text, None

    def _record_decision(self) -> None:
        item = self.board.current_item if self.board else None
        owner, owner_id = self._owner()
        fields = DecisionFields(
            text=self.decision_text.text(),
            kind=DecisionKind(self.decision_kind.currentData()),
            agenda_item_id=item.item_id if item else None,
            owner=owner,
            owner_id=owner_id,
            due_date=self.decision_due.date().toPython()
            if self.decision_has_due.isChecked()
            else None,  # type: ignore[arg-type]
        )
        if not fields.text.strip():
            self.show_decision_error(_("Le texte de la décision est vide."))
            return
        if fields.kind == DecisionKind.ACTION and not fields.owner and not fields.owner_id:
            self.show_decision_error(_("Une action doit dire qui s'en charge."))
            return
        self.decision_error.hide()
        self.action.emit("decision", fields)
        self.decision_text.clear()
        self.decision_owner.setEditText("")
        self.decision_text.setFocus()

    def show_decision_error(self, message: str) -> None:
        self.decision_error.setText(message)
        self.decision_error.show()

    def shutdown(self) -> None:
        self.save_notes()
        self._tick.stop()
