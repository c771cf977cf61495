"""The projector's results slide: the vote the room follows, hidden until revealed, no names."""

from __future__ import annotations

import dataclasses

from civodesk.clock import ManualClock
from civodesk.participants.participant import ParticipantFields
from civodesk.projector.slides import ProjectorMode, ResultsSlide
from civodesk.services import Services
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteOption, VoteSetup, VoteStatus, yes_no_options
from tests.factories import meeting_fields

PEOPLE = [("Hélène", "Dupré"), ("Jean", "Martin"), ("Awa", "Diallo")]
OPTIONS = (VoteOption("parc", "Un parc"), VoteOption("piste", "Une piste"), VoteOption("banc", "Des bancs"))  # fmt: skip


def _meeting(services: Services) -> tuple[str, list[str]]:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = list(
        services.participants.register_many(
            meeting, [ParticipantFields(first, last) for first, last in PEOPLE]
        ).created_ids
    )
    for person in people:
        services.checkin.check_in(meeting, person)
    return meeting, people


def _results(services: Services, meeting: str, clock: ManualClock) -> ResultsSlide:
    slide = services.projector.slide(meeting, ProjectorMode.RESULTS, clock.now_ms())
    assert isinstance(slide, ResultsSlide)
    return slide


def _vote(services: Services, meeting: str, setup: VoteSetup) -> str:
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    return vote


def test_a_secret_vote_shows_its_question_and_no_figure_until_revealed(
    services: Services, clock: ManualClock
) -> None:
    meeting, people = _meeting(services)
    assert _results(services, meeting, clock) == ResultsSlide(None, None, None)
    vote = _vote(
        services, meeting, VoteSetup("Adopter le budget ?", "yes_no_abstain", yes_no_options())
    )
    for person, choice in zip(people, ("yes", "yes", "no"), strict=True):
        services.votes.cast(meeting, vote, BallotIntake(choice, Origin.KIOSK, person))
    hidden = _results(services, meeting, clock)
    assert hidden == ResultsSlide("Adopter le budget ?", VoteStatus.OPEN, None)
    services.votes.close_vote(meeting, vote)
    assert _results(services, meeting, clock).display is None
    services.votes.reveal(meeting, vote)
    shown = _results(services, meeting, clock)
    assert shown.status is VoteStatus.CLOSED
    assert shown.display is not None
    assert [(bar.label, bar.value, bar.winner) for bar in shown.display.bars] == [
        ("Pour", 2, True),
        ("Contre", 1, False),
        ("Abstention", 0, False),
    ]
    assert not shown.display.live
    services.votes.reveal(meeting, vote, False)
    assert _results(services, meeting, clock).display is None


def test_a_public_vote_on_the_projector_never_names_a_voter(
    services: Services, clock: ManualClock
) -> None:
    meeting, people = _meeting(services)
    setup = VoteSetup("Quels aménagements ?", "approval", OPTIONS, {"max_choices": 2}, secret=False)
    vote = _vote(services, meeting, setup)
    services.votes.cast(meeting, vote, BallotIntake({"parc", "banc"}, Origin.DESK, people[0]))
    services.votes.cast(meeting, vote, BallotIntake({"parc"}, Origin.DESK, people[1]))
    services.votes.reveal(meeting, vote)
    assert services.votes.outcome(meeting, vote).named  # the minutes list the names…
    slide = _results(services, meeting, clock)
    assert slide.display is not None
    assert {bar.label: bar.value for bar in slide.display.bars} == {
        "Un parc": 2,
        "Une piste": 0,
        "Des bancs": 1,
    }
    text = repr(dataclasses.asdict(slide))
    for first, last in PEOPLE:  # …the projector never does
        assert first not in text
        assert last not in text


def test_a_live_vote_shows_its_count_while_open_and_the_latest_vote_wins(
    services: Services, clock: ManualClock
) -> None:
    meeting, _people = _meeting(services)
    first = _vote(
        services, meeting, VoteSetup("Adopter le budget ?", "yes_no_abstain", yes_no_options())
    )
    services.votes.close_vote(meeting, first)
    services.votes.reveal(meeting, first)
    assert _results(services, meeting, clock).question == "Adopter le budget ?"
    clock.advance(1_000)
    live = VoteSetup("Classez les projets", "irv", OPTIONS, projector_live=True)
    second = _vote(services, meeting, live)
    for ranking in (["parc"], ["parc"], ["piste", "parc"], ["banc", "piste"], ["piste"]):
        services.votes.cast(meeting, second, BallotIntake(ranking, Origin.PAPER))
    slide = _results(services, meeting, clock)
    assert slide.question == "Classez les projets"
    assert slide.display is not None
    assert slide.display.live
    assert slide.display.rounds[:2] == (
        (("Un parc", 2), ("Une piste", 2), ("Des bancs", 1)),
        (("Un parc", 2), ("Une piste", 3)),
    )
    assert slide.display.winners == ("Une piste",)
    clock.advance(1_000)
    services.votes.reveal(meeting, first, False)
    services.votes.reveal(meeting, first)  # shown again: the room follows it again
    assert _results(services, meeting, clock).question == "Adopter le budget ?"


def test_majority_judgment_and_schulze_reach_the_slide_as_profiles_and_matrix(
    services: Services, clock: ManualClock
) -> None:
    meeting, _people = _meeting(services)
    judged = _vote(services, meeting, VoteSetup("Quelle idée ?", "majority_judgment", OPTIONS[:2]))
    services.votes.cast(meeting, judged, BallotIntake({"parc": 0, "piste": 3}, Origin.PAPER))
    services.votes.cast(meeting, judged, BallotIntake({"parc": 1, "piste": 2}, Origin.PAPER))
    services.votes.close_vote(meeting, judged)
    services.votes.reveal(meeting, judged)
    profiles = _results(services, meeting, clock).display
    assert profiles is not None
    assert [(p.label, p.counts[:4], p.winner) for p in profiles.profiles] == [
        ("Un parc", (1, 1, 0, 0), True),
        ("Une piste", (0, 0, 1, 1), False),
    ]
    assert len(profiles.grades) == 7
    clock.advance(1_000)
    ranked = _vote(services, meeting, VoteSetup("Quel ordre ?", "schulze", OPTIONS))
    services.votes.cast(meeting, ranked, BallotIntake(["banc", "parc", "piste"], Origin.PAPER))
    services.votes.cast(meeting, ranked, BallotIntake(["banc", "piste"], Origin.PAPER))
    services.votes.close_vote(meeting, ranked)
    services.votes.reveal(meeting, ranked)
    matrix = _results(services, meeting, clock).display
    assert matrix is not None
    assert matrix.matrix_labels == ("Un parc", "Une piste", "Des bancs")
    assert matrix.matrix[2] == (2, 2, 0)  # both ballots put « Des bancs » first
    assert matrix.winners == ("Des bancs",)
