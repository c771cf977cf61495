"""Votes: prepare a vote, open and close it, take ballots (kiosk, paper, show of hands), and
follow the live result; reveal it to the room when ready."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _, ngettext
from civodesk.ideas.idea import ClusterView, IdeaView
from civodesk.meetings.meeting import MeetingDetails
from civodesk.voting.display import vote_display
from civodesk.voting.vote import Origin, VoteOutcome, VoteStatus, VoteView, method_label
from ui.shell.workspace_context import WorkspaceContext
from ui.voting.kiosk_window import KioskWindow
from ui.voting.paper_entry_dialog import PaperEntryDialog
from ui.voting.result_chart import ResultView
from ui.voting.tally_dialog import TallyDialog
from ui.voting.vote_dialog import VoteDialog
from ui.voting.vote_models import NamedVoteModel, VoteListModel, status_text
from ui.widgets.confirmation import ask_confirmation
from ui.widgets.empty_state import EmptyState

VOTE_TOPICS = frozenset({"votes", "attendance", "checkin"})


class VotesPage(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.meeting: MeetingDetails | None = None
        self.outcome: VoteOutcome | None = None
        self.kiosk: KioskWindow | None = None
        self._selected_id: str | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.new_button = QPushButton(_("&Nouveau vote…"))
        self.new_button.setObjectName("newVote")
        self.new_button.setToolTip(_("Préparer une question à mettre au vote (Ctrl+Maj+N)"))
        self.new_button.clicked.connect(self.new_vote)
        new_vote = QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.new_vote)
        # Only while this page is in view: Accueil and Idées use the same keys for their own "new".
        new_vote.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        top.addWidget(self.new_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            "votes",
            _("Votes"),
            _(
                "Aucun vote pour l'instant. Préparez une question avec « Nouveau vote » : pour/contre, choix, classement, "
                "jugement majoritaire… Ouvrez-la au moment de voter, puis recueillez les votes "
                "à la borne, sur papier ou à main levée."
            ),
        )
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._split())
        layout.addWidget(self.stack, 1)

    def _split(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = VoteListModel(self)
        self.table = QTableView()
        self.table.setObjectName("voteTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.hideColumn(1)  # the method is in the detail; the question needs the room
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._on_vote_selected)
        splitter.addWidget(self.table)
        detail = QWidget()
        column = QVBoxLayout(detail)
        self.title = QLabel()
        self.title.setObjectName("voteTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setObjectName("voteMeta")
        self.meta.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.meta)
        actions = QGridLayout()
        self.open_button = self._action(_("&Ouvrir le vote"), "openVote", self.open_vote)
        self.close_button = self._action(_("&Clore le vote…"), "closeVote", self.close_vote)
        self.reveal_button = self._action(
            _("&Afficher au projecteur"), "revealVote", self.toggle_reveal
        )
        self.remove_button = self._action(_("Supprimer"), "removeVote", self.remove_vote)
        self.kiosk_button = self._action(_("&Borne de vote"), "openKiosk", self.open_kiosk)
        self.paper_button = self._action(
            _("Saisir des bulletins &papier…"), "paperEntry", self.open_paper_entry
        )
        self.hands_button = self._action(
            _("&Main levée…"), "showOfHands", lambda: self.open_tally(Origin.HANDS)
        )
        self.totals_button = self._action(
            _("&Totaux papier…"), "paperTotals", lambda: self.open_tally(Origin.PAPER)
        )
        self.pdf_button = self._action(
            _("Imprimer les bulletins…"), "ballotsPdf", self.print_ballots
        )
        for index, button in enumerate(
            (
                self.open_button,
                self.close_button,
                self.reveal_button,
                self.remove_button,
                self.kiosk_button,
                self.paper_button,
                self.hands_button,
                self.totals_button,
                self.pdf_button,
            )
        ):
            actions.addWidget(button, index // 3, index % 3)
        column.addLayout(actions)
        self.result = ResultView()
        column.addWidget(self.result)
        self.named_label = QLabel(_("Votes nominatifs"))
        self.named_model = NamedVoteModel(self)
        self.named = QTableView()
        self.named.setObjectName("namedVotes")
        self.named.setModel(self.named_model)
        self.named.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.named.setMaximumHeight(200)
        column.addWidget(self.named_label)
        column.addWidget(self.named)
        self.doubles_label = QLabel()
        self.doubles_label.setObjectName("doublesLabel")
        self.doubles_label.setWordWrap(True)
        self.doubles_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.doubles = QListWidget()
        self.doubles.setObjectName("doubleVotes")
        self.doubles.setMaximumHeight(110)
        self.doubles.itemActivated.connect(self._on_double_activated)
        column.addWidget(self.doubles_label)
        column.addWidget(self.doubles)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 900])
        return splitter

    def _action(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # Page contract -------------------------------------------------------------------------

    def set_meeting(self, details: MeetingDetails) -> None:
        changed = self.meeting is None or details.id != self.meeting.id
        self.meeting = details
        self.new_button.setEnabled(not details.is_read_only)
        if changed:
            self._selected_id = None
        self.reload()

    def refresh(self, topics: frozenset[str]) -> None:
        if topics & VOTE_TOPICS:
            self.reload()

    def shutdown(self) -> None:
        if self.kiosk is not None:
            self.kiosk.close()
            self.kiosk = None

    # Loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.votes.list_votes, self.meeting.id, on_done=self._on_votes
        )

    def _on_votes(self, votes: Sequence[VoteView]) -> None:
        self.model.set_rows(votes)
        self.stack.setCurrentIndex(1 if votes else 0)
        if not votes:
            self.outcome = None
            return
        row = self.model.row_of(self._selected_id) if self._selected_id else -1
        self.select_row(row if row >= 0 else len(votes) - 1)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._load_outcome()

    def _on_vote_selected(self) -> None:
        vote = self.model.row_at(self.table.currentIndex().row())
        if vote is not None and vote.id != self._selected_id:
            self._selected_id = vote.id
            self._load_outcome()

    def _load_outcome(self) -> None:
        vote = self.model.row_at(self.table.currentIndex().row())
        if vote is None or self.meeting is None:
            return
        self._selected_id = vote.id
        self._context.tasks.submit_db(
            self._context.services.votes.outcome,
            self.meeting.id,
            vote.id,
            on_done=self._show_outcome,
        )

    def _show_outcome(self, outcome: VoteOutcome) -> None:
        if outcome.vote.id != self._selected_id:
            return
        self.outcome = outcome
        vote = outcome.vote
        self.title.setText(vote.question)
        secrecy = _("vote secret") if vote.secret else _("vote nominatif")
        snapshot = outcome.snapshot
        presence = _("{present} présents, {represented} représentés, {registered} inscrits").format(
            present=snapshot.present,
            represented=snapshot.represented,
            registered=snapshot.registered,
        )
        if snapshot.quorum_required is not None:
            met = _("atteint") if snapshot.quorum_met else _("non atteint")
            presence += " — " + _("quorum {needed} : {met}").format(
                needed=snapshot.quorum_required, met=met
            )
        when = _("à la clôture") if vote.status is VoteStatus.CLOSED else _("maintenant")
        shown = _("affiché au projecteur") if vote.revealed else _("masqué au projecteur")
        self.meta.setText(
            f"{method_label(vote.method)} · {secrecy} · {status_text(vote.status)} · {shown}\n"
            + _("Ont voté : {marks}").format(marks=outcome.marks)
            + f" · {when} : {presence}"
        )
        self._update_actions(vote)
        self.result.setVisible(vote.status is not VoteStatus.DRAFT)
        self.result.set_display(vote_display(outcome))
        public = not vote.secret and bool(outcome.named)
        self.named_label.setVisible(public)
        self.named.setVisible(public)
        self.named_model.set_rows(outcome.named)
        self.doubles.clear()
        for double in outcome.doubles:
            state = _("vu") if double.reviewed else _("à examiner")
            item = QListWidgetItem(f"{double.name} — {state}")
            item.setData(Qt.ItemDataRole.UserRole, double.mark_event_id)
            self.doubles.addItem(item)
        self.doubles_label.setText(
            ngettext(
                "{count} personne acceptée par deux postes hors ligne : ses deux bulletins sont "
                "comptés. Décidez de la suite ; Entrée sur la ligne la marque comme vue.",
                "{count} personnes acceptées par deux postes hors ligne : leurs deux bulletins "
                "sont comptés. Décidez de la suite ; Entrée sur une ligne la marque comme vue.",
                len(outcome.doubles),
            ).format(count=len(outcome.doubles))
        )
        self.doubles_label.setVisible(bool(outcome.doubles))
        self.doubles.setVisible(bool(outcome.doubles))

    def _update_actions(self, vote: VoteView) -> None:
        writable = self.meeting is not None and not self.meeting.is_read_only
        is_open = vote.status is VoteStatus.OPEN
        self.open_button.setEnabled(writable and vote.status is VoteStatus.DRAFT)
        self.remove_button.setEnabled(writable and vote.status is VoteStatus.DRAFT)
        self.close_button.setEnabled(writable and is_open)
        self.reveal_button.setEnabled(writable and vote.status is not VoteStatus.DRAFT)
        self.reveal_button.setText(
            _("M&asquer au projecteur") if vote.revealed else _("&Afficher au projecteur")
        )
        self.kiosk_button.setEnabled(writable and is_open)
        self.paper_button.setEnabled(writable and is_open)
        self.hands_button.setEnabled(writable and is_open and vote.takes_tally)
        self.totals_button.setEnabled(writable and is_open and vote.takes_tally)
        self.pdf_button.setEnabled(vote.status is not VoteStatus.CLOSED)

    # Actions -------------------------------------------------------------------------------

    def selected_vote(self) -> VoteView | None:
        return self.outcome.vote if self.outcome is not None else None

    def new_vote(self) -> None:
        if self.meeting is None or self.meeting.is_read_only:
            return
        meeting = self.meeting
        ideas = self._context.services.ideas
        self._context.tasks.submit_db(
            lambda: (ideas.list_ideas(meeting.id), ideas.clusters(meeting.id)),
            on_done=lambda found: self._open_vote_dialog(meeting, *found),
        )

    def _open_vote_dialog(
        self, meeting: MeetingDetails, ideas: Sequence[IdeaView], clusters: Sequence[ClusterView]
    ) -> None:
        self.vote_dialog = VoteDialog(meeting.agenda, ideas, clusters, self)
        self.vote_dialog.accepted.connect(self._on_vote_dialog_accepted)
        self.vote_dialog.open()

    def _on_vote_dialog_accepted(self) -> None:
        if self.meeting is None:
            return
        self._context.run_change(
            self._context.services.votes.create_vote,
            self.meeting.id,
            self.vote_dialog.setup(),
            on_done=lambda change: setattr(self, "_selected_id", change.created_ids[0]),
        )

    def _run_on_vote(self, method: object, *args: object) -> None:
        vote = self.selected_vote()
        if vote is not None:
            self._context.run_change(method, vote.meeting_id, vote.id, *args)

    def open_vote(self) -> None:
        self._run_on_vote(self._context.services.votes.open_vote)

    def remove_vote(self) -> None:
        vote = self.selected_vote()
        if vote is None:
            return
        ask_confirmation(
            self,
            _("Supprimer le vote"),
            _("Supprimer le vote « {question} », encore en préparation ?").format(
                question=vote.question
            ),
            _("Supprimer"),
            lambda: self._run_on_vote(self._context.services.votes.remove_vote),
        )

    def close_vote(self) -> None:
        vote = self.selected_vote()
        if vote is None:
            return
        ask_confirmation(
            self,
            _("Clore le vote"),
            _(
                "Clore « {question} » ? Plus aucun vote ne sera accepté ; le résultat et les "
                "présences de ce moment seront enregistrés, et l'urne de ce poste scellée."
            ).format(question=vote.question),
            _("Clore le vote"),
            self._close_confirmed,
        )

    def _close_confirmed(self) -> None:
        if self.kiosk is not None:
            self.kiosk.close()
            self.kiosk = None
        self._run_on_vote(self._context.services.votes.close_vote)

    def toggle_reveal(self) -> None:
        vote = self.selected_vote()
        if vote is not None:
            self._run_on_vote(self._context.services.votes.reveal, not vote.revealed)

    def open_kiosk(self) -> None:
        vote = self.selected_vote()
        if vote is None:
            return
        if self.kiosk is not None:
            self.kiosk.close()
        self.kiosk = KioskWindow(self._context, vote)
        self.kiosk.show()
        self.kiosk.raise_()

    def open_paper_entry(self) -> None:
        vote = self.selected_vote()
        if vote is not None:
            self.paper_dialog = PaperEntryDialog(self._context, vote, self)
            self.paper_dialog.open()

    def open_tally(self, origin: Origin = Origin.HANDS) -> None:
        """Counts by show of hands, or the totals of paper ballots counted on the table."""
        outcome = self.outcome
        if outcome is None:
            return
        others = (
            outcome.marks
            + outcome.open_ballots
            + sum(
                sum(counts.values())
                for entered, counts in outcome.tallies.items()
                if entered != origin.value
            )
        )
        self.tally_dialog = TallyDialog(
            self._context, outcome.vote, outcome.snapshot.voters, others, origin, parent=self
        )
        self.tally_dialog.open()

    def print_ballots(self) -> None:
        vote = self.selected_vote()
        if vote is None or self.meeting is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Bulletins papier"), _("bulletins.pdf"), _("Documents PDF (*.pdf)")
        )
        if path:
            self.write_ballots(vote, Path(path))

    def write_ballots(self, vote: VoteView, path: Path, count: int | None = None) -> None:
        from civodesk.voting.paper_ballots import write_paper_ballots

        meeting = self.meeting
        assert meeting is not None
        registered = self.outcome.snapshot.registered if self.outcome is not None else 0
        copies = count or max(1, registered)
        self._context.tasks.submit_io(
            write_paper_ballots,
            path,
            vote,
            meeting.fields.title,
            copies,
            meeting.fields.starts_at,
            on_done=lambda pages: self._context.report(
                _("Bulletins écrits ({pages} p.) : {path}").format(pages=pages, path=path)
            ),
            on_error=lambda error: self._context.report(str(error), is_error=True),
        )

    def _on_double_activated(self, item: QListWidgetItem) -> None:
        self._run_on_vote(
            self._context.services.votes.review_double_vote, item.data(Qt.ItemDataRole.UserRole)
        )
