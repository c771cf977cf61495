"""The projector's results slide driven from the Votes page: picked from the Projecteur menu,
hidden while the vote runs, shown when the facilitator reveals it, updated as ballots come in."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QImage
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.projector.slides import ProjectorMode, ResultsSlide
from civodesk.services import Services
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteOption, VoteSetup, VoteStatus
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.projector.projector_window import ProjectorWindow
from ui.shell.main_window import MainWindow
from ui.shell.tasks import SynchronousTaskRunner
from ui.voting.result_chart import GRADE_COLOURS
from ui.voting.votes_page import VotesPage

PEOPLE = [("Hélène", "Dupré"), ("Jean", "Martin"), ("Awa", "Diallo")]
OPTIONS = (
    VoteOption("parc", "Un parc pour les enfants"),
    VoteOption("piste", "Une piste cyclable vers le bourg"),
    VoteOption("marche", "Un marché couvert"),
    VoteOption("bancs", "Des bancs à l'ombre"),
)
GRADES = (
    {"parc": 0, "piste": 2, "marche": 1, "bancs": 4},
    {"parc": 1, "piste": 1, "marche": 3, "bancs": 5},
    {"parc": 1, "piste": 4, "marche": 2, "bancs": 3},
)


def _grade_pixels(image: QImage, grade: int) -> int:
    """How many pixels of the screen are painted in that grade's colour (merit profiles)."""
    wanted = GRADE_COLOURS[grade].rgb()
    small = image.scaled(480, 270)  # every other pixel in both directions is plenty
    return sum(
        1
        for y in range(small.height())
        for x in range(small.width())
        if QColor(small.pixel(x, y)).rgb() == wanted
    )


def _ballots(projector: ProjectorWindow) -> int | None:
    slide = projector.view.slide
    if isinstance(slide, ResultsSlide) and slide.display is not None:
        return slide.display.ballots
    return None


def _grab(projector: ProjectorWindow, name: str) -> QImage:
    projector.view.resize(1920, 1080)
    image = projector.view.grab().toImage()
    folder = os.environ.get("CIVODESK_SCREENSHOTS")
    if folder:
        image.save(str(Path(folder) / f"{name}.png"))
    return image


def test_a_vote_reaches_the_projector_only_when_revealed_and_follows_the_ballots(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = services.participants.register_many(
        meeting, [ParticipantFields(first, last) for first, last in PEOPLE]
    ).created_ids
    for person in people:
        services.checkin.check_in(meeting, person)
    services.meetings.open_meeting(meeting)
    setup = VoteSetup("Quel aménagement pour la place ?", "majority_judgment", OPTIONS)
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=3)
    assert window.workspace is not None
    page = window.workspace.pages[3]
    assert isinstance(page, VotesPage)

    results = window.findChild(QAction, "projector_results")
    assert results is not None
    assert results.shortcut().toString() == "Ctrl+Alt+6"
    results.trigger()
    projector = window.projector.show_window()
    qtbot.addWidget(projector)
    assert window.projector.mode == ProjectorMode.RESULTS
    assert projector.view.slide == ResultsSlide(None, None, None)  # a draft is not shown

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    for grades in GRADES[:2]:
        services.votes.cast(meeting, vote, BallotIntake(grades, Origin.PAPER))
    window.projector.refresh()
    hidden = projector.view.slide
    assert hidden == ResultsSlide(setup.question, VoteStatus.OPEN, None)
    assert _grade_pixels(_grab(projector, "projector-results-hidden"), 0) == 0

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, page)
    assert projector.view.slide == ResultsSlide(setup.question, VoteStatus.CLOSED, None)
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    shown = projector.view.slide
    assert isinstance(shown, ResultsSlide)
    assert shown.display is not None
    assert shown.display.winners == ("Un parc pour les enfants",)
    assert shown.display.profiles[0].counts[:2] == (1, 1)
    assert _grade_pixels(_grab(projector, "projector-results"), 0) > 0

    # Hidden again from the Votes page: the room no longer sees it.
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert projector.view.slide == ResultsSlide(setup.question, VoteStatus.CLOSED, None)
    assert _grade_pixels(_grab(projector, "projector-results-hidden-again"), 0) == 0


def test_a_live_vote_updates_the_projector_with_each_ballot(
    qtbot: QtBot, window: MainWindow, services: Services, tasks: SynchronousTaskRunner
) -> None:
    """Ballots from the kiosk or another desk arrive as committed changes (the writer's bus)."""
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.meetings.open_meeting(meeting)
    setup = VoteSetup("Quel aménagement ?", "majority_judgment", OPTIONS, projector_live=True)
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting)
    window.projector.set_mode(ProjectorMode.RESULTS)
    projector = window.projector.show_window()
    qtbot.addWidget(projector)
    tasks.submit_db(services.votes.open_vote, meeting, vote)
    for number, grades in enumerate(GRADES, start=1):
        tasks.submit_db(services.votes.cast, meeting, vote, BallotIntake(grades, Origin.PAPER))
        qtbot.waitUntil(lambda n=number: _ballots(projector) == n)
        slide = projector.view.slide
        assert isinstance(slide, ResultsSlide)
        assert slide.display is not None
        assert slide.display.live
        assert slide.display.ballots == number
    assert _grade_pixels(_grab(projector, "projector-results-live"), 0) > 0
