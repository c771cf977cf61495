"""The Votes page, the kiosk and the tally entry, driven like a person would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteSetup, VoteStatus, yes_no_options
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.shell.main_window import MainWindow
from ui.voting.kiosk_window import BALLOT, THANKS, WELCOME, KioskWindow
from ui.voting.tally_dialog import TallyDialog
from ui.voting.votes_page import VotesPage

PEOPLE = [("Hélène", "Dupré"), ("Jean", "Martin"), ("Awa", "Diallo"), ("Louis", "Petit")]
VOTES_PAGE = 3


@pytest.fixture
def vote_meeting(services: Services) -> str:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(meeting, [ParticipantFields(f, n) for f, n in PEOPLE])
    services.checkin.issue_badges(meeting)
    tokens = {b.last_name: b.token for b in services.checkin.list_badges(meeting)}
    for _first, last in PEOPLE[:3]:
        services.checkin.scan(meeting, tokens[last])
    services.meetings.open_meeting(meeting)
    return meeting


def _tokens(services: Services, meeting: str) -> dict[str, str]:
    return {b.last_name: b.token for b in services.checkin.list_badges(meeting)}


def _ids(services: Services, meeting: str) -> dict[str, str]:
    return {b.last_name: b.participant_id for b in services.checkin.list_badges(meeting)}


def _open_yes_no(services: Services, meeting: str, *, secret: bool = True) -> str:
    setup = VoteSetup("Adopter le budget ?", "yes_no_abstain", yes_no_options(), secret=secret)
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    return vote


def _page(qtbot: QtBot, window: MainWindow, meeting: str) -> VotesPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=VOTES_PAGE)
    assert window.workspace is not None
    page = window.workspace.pages[VOTES_PAGE]
    assert isinstance(page, VotesPage)
    return page


def _grab(widget: object, name: str) -> None:
    folder = os.environ.get("CIVODESK_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def _kiosk(qtbot: QtBot, page: VotesPage) -> KioskWindow:
    qtbot.mouseClick(page.kiosk_button, Qt.MouseButton.LeftButton)
    kiosk = page.kiosk
    assert kiosk is not None
    qtbot.addWidget(kiosk)
    return kiosk


def _scan(qtbot: QtBot, kiosk: KioskWindow, token: str) -> None:
    kiosk.scan_input.setText(token)
    qtbot.keyClick(kiosk.scan_input, Qt.Key.Key_Return)


def test_kiosk_scan_vote_reset_and_a_second_scan_is_refused(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    vote = _open_yes_no(services, vote_meeting)
    page = _page(qtbot, window, vote_meeting)
    kiosk = _kiosk(qtbot, page)
    tokens = _tokens(services, vote_meeting)
    assert kiosk.stack.currentIndex() == WELCOME

    _scan(qtbot, kiosk, tokens["Dupré"])
    assert kiosk.stack.currentIndex() == BALLOT
    assert kiosk.greeting.text() == "Bonjour Hélène Dupré"
    assert kiosk.proxy_note.text() == ""
    _grab(kiosk, "kiosk-ballot")
    qtbot.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert "Choisissez" in kiosk.ballot_error.text()  # nothing chosen, nothing recorded
    qtbot.mouseClick(kiosk.ballot.findChild(QPushButton, "choice_yes"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.ballot_recorded):
        qtbot.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == THANKS
    assert kiosk.thanks.text().startswith("A voté.")

    kiosk.reset_timer.timeout.emit()  # the kiosk resets by itself for the next voter
    assert kiosk.stack.currentIndex() == WELCOME
    assert kiosk.ballot.ballot() is None  # nothing of the last voter stays on screen

    with qtbot.waitSignal(kiosk.turn_refused):
        _scan(qtbot, kiosk, tokens["Dupré"])
    assert kiosk.stack.currentIndex() == WELCOME
    assert kiosk.welcome_message.text() == "Vous avez déjà voté."
    _grab(kiosk, "kiosk-refused")
    outcome = services.votes.outcome(vote_meeting, vote)
    assert outcome.marks == 1
    assert outcome.open_ballots == 1


def test_a_proxy_holder_votes_twice_at_the_kiosk(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    ids = _ids(services, vote_meeting)
    services.checkin.grant_proxy(vote_meeting, ids["Petit"], ids["Dupré"])
    vote = _open_yes_no(services, vote_meeting, secret=False)
    page = _page(qtbot, window, vote_meeting)
    kiosk = _kiosk(qtbot, page)
    _scan(qtbot, kiosk, _tokens(services, vote_meeting)["Dupré"])
    assert "Vous votez 2 fois" in kiosk.proxy_note.text()
    assert "Bulletin 1 sur 2 : votre vote" in kiosk.proxy_note.text()
    qtbot.mouseClick(kiosk.ballot.findChild(QPushButton, "choice_yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == BALLOT
    assert "pour Louis Petit (procuration)" in kiosk.proxy_note.text()
    assert kiosk.ballot.ballot() is None  # a fresh ballot for the second vote
    qtbot.mouseClick(kiosk.ballot.findChild(QPushButton, "choice_no"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == THANKS
    named = {line.name: line.choice for line in services.votes.outcome(vote_meeting, vote).named}
    assert named == {"Hélène Dupré": "Pour", "Louis Petit": "Contre"}
    assert page.named_model.rowCount() == 2  # the page refreshed with the names


def test_tally_entry_with_inconsistent_totals_is_refused(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    vote = _open_yes_no(services, vote_meeting, secret=False)
    page = _page(qtbot, window, vote_meeting)
    qtbot.mouseClick(page.hands_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(TallyDialog, "tallyDialog")
    assert dialog is not None
    assert dialog.isVisible()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.counts["yes"].setValue(3)
    dialog.counts["no"].setValue(1)
    error = dialog.findChild(QLabel, "tallyError")
    assert "4 votes pour 3 votants possibles" in error.text()
    assert not save.isEnabled()
    _grab(dialog, "tally-refused")
    dialog.save()  # even if forced, the service refuses and nothing is recorded
    assert "4 votes pour 3 votants" in error.text()
    assert services.votes.outcome(vote_meeting, vote).tallies == {}

    dialog.counts["yes"].setValue(2)
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    outcome = services.votes.outcome(vote_meeting, vote)
    assert outcome.result.tally.ballots == 3
    assert page.outcome is not None
    assert page.outcome.result.tally.ballots == 3


def test_set_up_open_close_and_reveal_from_the_page(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    page = _page(qtbot, window, vote_meeting)
    assert page.stack.currentIndex() == 0  # the empty state says what to do
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.vote_dialog
    dialog.method.setCurrentIndex(dialog.method.findData("majority_judgment"))
    dialog.question.setText("Quel aménagement ?")
    dialog.options.setPlainText("Un parc\nUne piste cyclable\nUn marché couvert")
    _grab(dialog, "vote-dialog")
    dialog._on_accept()
    assert not dialog.isVisible()
    assert page.stack.currentIndex() == 1
    vote = services.votes.list_votes(vote_meeting)[0]
    assert vote.method == "majority_judgment"
    assert vote.status is VoteStatus.DRAFT
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    for grades in ({"opt-1": 0, "opt-2": 3}, {"opt-1": 1, "opt-2": 2, "opt-3": 5}):
        services.votes.cast(vote_meeting, vote.id, BallotIntake(grades, Origin.PAPER))
    page.reload()
    assert page.result.profiles.isVisible()
    _grab(window, "votes-page-live")
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, page)
    assert page.outcome is not None
    assert page.outcome.vote.status is VoteStatus.CLOSED
    assert not page.close_button.isEnabled()
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.outcome.vote.revealed
    assert "Un parc" in page.result.explanation.text()
    _grab(window, "votes-page-closed")


def test_paper_entry_counts_and_corrects_the_last_ballot(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    vote = _open_yes_no(services, vote_meeting)
    page = _page(qtbot, window, vote_meeting)
    qtbot.mouseClick(page.paper_button, Qt.MouseButton.LeftButton)
    dialog = page.paper_dialog
    for typed in ("p", "c", "x", "b"):
        qtbot.keyClicks(dialog.line, typed)
        qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert dialog.count.text() == "Bulletins saisis : 3"  # "x" was refused, with what to type
    qtbot.keyClick(dialog.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.line.text() == "b"
    dialog.line.setText("p")
    qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert "corrigé" in dialog.feedback.text()
    _grab(dialog, "paper-entry")
    outcome = services.votes.outcome(vote_meeting, vote)
    assert outcome.open_ballots == 3
    assert outcome.result.figures["yes"]["votes"] == 2
    assert outcome.result.tally.blank == 0
    dialog.close()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # in the window
    assert "Le dernier bulletin papier se corrige" in window.message_label.text()
    assert services.votes.outcome(vote_meeting, vote).open_ballots == 3


def test_paper_totals_add_to_a_show_of_hands(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    vote = _open_yes_no(services, vote_meeting, secret=False)
    page = _page(qtbot, window, vote_meeting)
    qtbot.mouseClick(page.hands_button, Qt.MouseButton.LeftButton)
    page.tally_dialog.counts["yes"].setValue(1)
    page.tally_dialog.save()
    qtbot.mouseClick(page.totals_button, Qt.MouseButton.LeftButton)
    dialog = page.tally_dialog
    assert dialog.windowTitle() == "Totaux des bulletins papier"
    dialog.counts["no"].setValue(3)  # 1 + 3 > 3 possible voters
    assert "4 votes pour 3 votants possibles" in dialog.error.text()
    dialog.counts["no"].setValue(2)
    dialog.save()
    outcome = services.votes.outcome(vote_meeting, vote)
    assert set(outcome.tallies) == {"hands", "paper"}
    assert outcome.result.tally.ballots == 3


def test_options_picked_among_the_groups_and_ideas_of_the_item(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    from civodesk.ideas.idea import IdeaFields
    from ui.voting.option_picker import OptionPicker

    ideas = services.ideas
    ideas.capture_many(
        vote_meeting,
        [IdeaFields("Une piste cyclable"), IdeaFields("Des navettes"), IdeaFields("Un parc")],
    )
    by_text = {idea.text: idea.id for idea in ideas.list_ideas(vote_meeting)}
    group = ideas.create_cluster(
        vote_meeting, "Transports", [by_text["Une piste cyclable"], by_text["Des navettes"]]
    ).created_ids[0]
    page = _page(qtbot, window, vote_meeting)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.vote_dialog
    dialog.method.setCurrentIndex(dialog.method.findData("single"))
    dialog.question.setText("Quelle priorité ?")
    dialog.options.setPlainText("Rien de tout cela")
    take = dialog.findChild(QPushButton, "takeIdeas")
    qtbot.mouseClick(take, Qt.MouseButton.LeftButton)
    picker = dialog.picker
    assert isinstance(picker, OptionPicker)
    shown = [picker.list.item(row).text() for row in range(picker.list.count())]
    assert shown == [
        "Groupe « Transports » — 2 idées, 0 soutien",
        "Une piste cyclable",
        "Des navettes",
        "Un parc",
    ]
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # the group, from the keyboard
    picker.list.item(3).setCheckState(Qt.CheckState.Checked)
    _grab(picker, "vote-option-picker")
    picker.accept()
    assert dialog.options.toPlainText() == "Rien de tout cela\nTransports\nUn parc"
    dialog._on_accept()
    vote = services.votes.list_votes(vote_meeting)[0]
    assert [(o.id, o.label) for o in vote.options] == [
        ("opt-1", "Rien de tout cela"),
        (group, "Transports"),
        (by_text["Un parc"], "Un parc"),
    ]


def test_ctrl_z_removes_a_new_draft_after_asking_and_explains_a_final_opening(
    qtbot: QtBot, window: MainWindow, services: Services, vote_meeting: str
) -> None:
    page = _page(qtbot, window, vote_meeting)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.vote_dialog
    dialog.question.setText("Adopter le budget ?")
    dialog._on_accept()
    assert len(services.votes.list_votes(vote_meeting)) == 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    confirm(qtbot, window)  # undoing it removes the draft: asked first
    assert services.votes.list_votes(vote_meeting) == []
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(services.votes.list_votes(vote_meeting)) == 1
    page.reload()
    page.select_row(0)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "ne revient pas en préparation" in window.message_label.text()
    assert services.votes.list_votes(vote_meeting)[0].status is VoteStatus.OPEN
