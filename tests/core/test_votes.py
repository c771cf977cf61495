"""Vote lifecycle: setup, opening, ballots from every origin, tallies, proxies, close and reveal."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from civodesk.features import registry
from civodesk.journal.rebuild import rebuild_projections
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.voting import BLANK
from civodesk.voting.service import BallotIntake, VoteStateError
from civodesk.voting.tally import Tally
from civodesk.voting.vote import Origin, VoteOption, VoteSetup, VoteStatus, yes_no_options
from civodesk.voting.voters import AlreadyVotedError
from tests.core.desks import dump_tables
from tests.factories import meeting_fields

PEOPLE = [("Hélène", "Dupré"), ("Jean", "Martin"), ("Awa", "Diallo"), ("Louis", "Petit")]


def _meeting_with_people(services: Services, present: int = 3) -> tuple[str, dict[str, str]]:
    """A meeting, four registered people, the first ``present`` checked in."""
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(
        meeting, [ParticipantFields(first, last) for first, last in PEOPLE]
    )
    services.checkin.issue_badges(meeting)
    tokens = {b.last_name: b.token for b in services.checkin.list_badges(meeting)}
    for _first, last in PEOPLE[:present]:
        services.checkin.scan(meeting, tokens[last])
    return meeting, tokens


def _ids(services: Services, meeting: str) -> dict[str, str]:
    return {b.last_name: b.participant_id for b in services.checkin.list_badges(meeting)}


def _yes_no(services: Services, meeting: str, *, secret: bool = True, **rules: object) -> str:
    setup = VoteSetup(
        "Adopter le budget ?", "yes_no_abstain", yes_no_options(), rules or None, secret
    )
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    return vote


def test_a_secret_vote_counts_kiosk_paper_and_hands_and_locks_at_close(services: Services) -> None:
    meeting, tokens = _meeting_with_people(services)
    vote = _yes_no(services, meeting)
    ids = _ids(services, meeting)

    turn = services.votes.voter_turn(meeting, vote, tokens["Dupré"])
    assert turn.refusal == ""
    assert [pid for pid, _n in turn.cast_for] == [ids["Dupré"]]
    services.votes.cast(meeting, vote, BallotIntake("yes", Origin.KIOSK, ids["Dupré"]))
    assert (
        services.votes.voter_turn(meeting, vote, tokens["Dupré"]).refusal == "Vous avez déjà voté."
    )
    with pytest.raises(AlreadyVotedError):
        services.votes.cast(meeting, vote, BallotIntake("no", Origin.KIOSK, ids["Dupré"]))

    receipt = services.votes.cast(meeting, vote, BallotIntake("no", Origin.PAPER))
    assert receipt.box_key is not None
    services.votes.correct_paper_ballot(meeting, vote, receipt.box_key, "yes")
    services.votes.cast(meeting, vote, BallotIntake(BLANK, Origin.PAPER))

    live = services.votes.outcome(meeting, vote)
    assert live.live
    assert live.open_ballots == 3
    assert dict(live.result.figures["yes"]) == {"votes": 2}
    assert live.result.tally.blank == 1

    services.votes.close_vote(meeting, vote)
    final = services.votes.outcome(meeting, vote)
    assert final.vote.status is VoteStatus.CLOSED
    assert not final.live
    assert final.open_ballots == 0
    assert final.sealed_ballots == 3
    assert final.snapshot.to_dict() == {
        "registered": 4,
        "present": 3,
        "represented": 0,
        "quorum_required": None,
        "quorum_met": None,
    }
    assert final.result.winners == ("yes",)
    with pytest.raises(VoteStateError):
        services.votes.cast(meeting, vote, BallotIntake("no", Origin.PAPER))
    with pytest.raises(VoteStateError):
        services.votes.close_vote(meeting, vote)

    with services.database.read() as conn:
        before = dump_tables(conn)
    with services.database.write() as conn:
        rebuild_projections(conn, registry)
    with services.database.read() as conn:
        assert dump_tables(conn) == before
    assert services.votes.outcome(meeting, vote).result == final.result


def test_a_proxy_holder_votes_twice_and_the_kiosk_says_so(services: Services) -> None:
    meeting, tokens = _meeting_with_people(services)
    ids = _ids(services, meeting)
    services.checkin.grant_proxy(meeting, ids["Petit"], ids["Dupré"])
    vote = _yes_no(services, meeting, secret=False)

    turn = services.votes.voter_turn(meeting, vote, tokens["Dupré"])
    assert [name for _pid, name in turn.cast_for] == ["Hélène Dupré", "Louis Petit"]
    services.votes.cast(meeting, vote, BallotIntake("yes", Origin.KIOSK, ids["Dupré"]))
    services.votes.cast(
        meeting, vote, BallotIntake("no", Origin.KIOSK, ids["Petit"], cast_by=ids["Dupré"])
    )
    assert services.votes.voter_turn(meeting, vote, tokens["Dupré"]).cast_for == ()
    with pytest.raises(ValidationError):  # Martin holds no proxy of Diallo
        services.votes.cast(
            meeting, vote, BallotIntake("no", Origin.KIOSK, ids["Diallo"], cast_by=ids["Martin"])
        )
    outcome = services.votes.outcome(meeting, vote)
    assert [(line.name, line.choice, line.cast_by_name) for line in outcome.named] == [
        ("Hélène Dupré", "Pour", "Hélène Dupré"),
        ("Louis Petit", "Contre", "Hélène Dupré"),
    ]
    assert outcome.snapshot.represented == 1


def test_an_absent_person_cannot_vote_at_the_kiosk(services: Services) -> None:
    meeting, tokens = _meeting_with_people(services, present=2)
    vote = _yes_no(services, meeting)
    assert "accueil" in services.votes.voter_turn(meeting, vote, tokens["Diallo"]).refusal
    assert services.votes.voter_turn(meeting, vote, "n'importe quoi").refusal


def test_a_show_of_hands_over_the_room_is_refused_and_a_fitting_one_replaces_the_last(
    services: Services,
) -> None:
    meeting, _tokens = _meeting_with_people(services)
    vote = _yes_no(services, meeting, secret=False)
    with pytest.raises(ValidationError, match="4 votes pour 3 votants"):
        services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"yes": 3, "no": 1}))
    services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"yes": 1, "no": 1}))
    services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"yes": 2, "no": 1}))
    outcome = services.votes.outcome(meeting, vote)
    assert outcome.result.tally.ballots == 3
    assert outcome.result.winners == ("yes",)


def test_majority_and_quorum_use_the_presence_when_the_vote_closes(services: Services) -> None:
    meeting, _tokens = _meeting_with_people(services, present=2)
    services.meetings.update_meeting(meeting, meeting_fields(quorum_percent=50.0))
    setup = VoteSetup(
        "Adopter ?",
        "yes_no_abstain",
        yes_no_options(),
        {"majority": "absolute", "base": "present"},
        secret=True,
        meeting_quorum=True,
    )
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    services.votes.cast(meeting, vote, BallotIntake("yes", Origin.PAPER))
    services.votes.close_vote(meeting, vote)
    outcome = services.votes.outcome(meeting, vote)
    assert outcome.snapshot.quorum_required == 3
    assert outcome.snapshot.quorum_met is False
    assert outcome.result.details["quorum_met"] is False
    assert outcome.result.details["adopted"] is False


def test_setup_mistakes_are_refused_with_nothing_written(services: Services) -> None:
    meeting, _tokens = _meeting_with_people(services)
    bad = VoteSetup("  ", "single", (VoteOption("a", "Parc"),))
    with pytest.raises(ValidationError) as refused:
        services.votes.create_vote(meeting, bad)
    assert {error.field for error in refused.value.errors} == {"question", "options"}
    assert services.votes.list_votes(meeting) == []
    rules = VoteSetup(
        "Q",
        "dots",
        (VoteOption("a", "A"), VoteOption("b", "B")),
        {"dots_per_person": 0, "max_per_option": 1},
    )
    with pytest.raises(ValidationError):
        services.votes.create_vote(meeting, rules)


def test_a_ballot_breaking_the_rules_is_refused_before_it_is_stored(services: Services) -> None:
    meeting, _tokens = _meeting_with_people(services)
    options = (VoteOption("a", "A"), VoteOption("b", "B"), VoteOption("c", "C"))
    setup = VoteSetup("Q", "approval", options, {"max_choices": 2})
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    with pytest.raises(ValidationError):
        services.votes.cast(meeting, vote, BallotIntake({"a", "b", "c"}, Origin.PAPER))
    assert services.votes.outcome(meeting, vote).open_ballots == 0


def test_a_draft_can_be_removed_but_not_an_opened_vote(services: Services) -> None:
    meeting, _tokens = _meeting_with_people(services)
    setup = VoteSetup("Q", "yes_no_abstain", yes_no_options())
    draft = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.remove_vote(meeting, draft)
    opened = _yes_no(services, meeting)
    with pytest.raises(VoteStateError):
        services.votes.remove_vote(meeting, opened)
    assert [vote.id for vote in services.votes.list_votes(meeting)] == [opened]


def test_every_method_is_counted_from_the_box(services: Services, tmp_path: Path) -> None:
    meeting, _tokens = _meeting_with_people(services)
    options = (VoteOption("a", "A"), VoteOption("b", "B"))
    cases = {
        "majority_judgment": [{"a": 0, "b": 3}, {"a": 1, "b": 2}],
        "schulze": [["a", "b"], ["b", "a"], ["a"]],
        "irv": [["a", "b"], ["a"], ["b"]],
        "score": [{"a": 4, "b": 1}],
    }
    rules = {"score": {"max_score": 5}}
    for method, ballots in cases.items():
        vote = services.votes.create_vote(
            meeting, VoteSetup(method, method, options, rules.get(method))
        ).created_ids[0]
        services.votes.open_vote(meeting, vote)
        for ballot in ballots:
            services.votes.cast(meeting, vote, BallotIntake(ballot, Origin.PAPER))
        services.votes.close_vote(meeting, vote)
        assert services.votes.outcome(meeting, vote).result.winners == ("a",), method


def test_paper_ballots_pdf_has_the_question_and_the_grade_grid(
    services: Services, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from civodesk.voting.paper_ballots import write_paper_ballots

    meeting, _tokens = _meeting_with_people(services)
    options = (VoteOption("parc", "Un parc"), VoteOption("piste", "Une piste cyclable"))
    vote_id = services.votes.create_vote(
        meeting, VoteSetup("Quel aménagement ?", "majority_judgment", options)
    ).created_ids[0]
    vote = services.votes.list_votes(meeting)[0]
    assert vote.id == vote_id
    out = tmp_path / "bulletins.pdf"
    pages = write_paper_ballots(
        out, vote, "Conseil de quartier", 3, datetime(2026, 12, 1, tzinfo=UTC)
    )
    assert pages == 2
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout.replace("\u202f", " ")
    for expected in ("Quel aménagement ?", "Une piste cyclable", "Très bien", "À rejeter"):
        assert expected in text


def test_options_come_from_ideas_and_the_projector_waits_for_the_reveal(
    services: Services,
) -> None:
    from civodesk.ideas.idea import IdeaFields
    from civodesk.voting.display import projector_display, vote_display
    from civodesk.voting.vote import options_from_ideas

    meeting, _tokens = _meeting_with_people(services)
    services.ideas.capture_many(meeting, [IdeaFields("Un  parc"), IdeaFields("Une piste")])
    options = options_from_ideas(services.ideas.list_ideas(meeting))
    assert [option.label for option in options] == ["Un parc", "Une piste"]
    setup = VoteSetup("Quelle idée ?", "majority_judgment", options)
    vote = services.votes.create_vote(meeting, setup).created_ids[0]
    services.votes.open_vote(meeting, vote)
    services.votes.cast(meeting, vote, BallotIntake({options[0].id: 0}, Origin.PAPER))
    services.votes.close_vote(meeting, vote)
    outcome = services.votes.outcome(meeting, vote)
    assert projector_display(outcome) is None
    services.votes.reveal(meeting, vote)
    shown = projector_display(services.votes.outcome(meeting, vote))
    assert shown == vote_display(services.votes.outcome(meeting, vote))
    assert shown is not None
    assert shown.winners == ("Un parc",)
    assert shown.profiles[0].counts == (1, 0, 0, 0, 0, 0, 0)
    assert shown.profiles[1].majority_grade == 6  # left ungraded: "À rejeter"


def test_a_secret_kiosk_ballot_counts_once_against_the_people_present(
    services: Services,
) -> None:
    """Its mark and its box entry are one vote: 2 at the kiosk and 1 by hand fit 3 present."""
    meeting, _tokens = _meeting_with_people(services)
    vote = _yes_no(services, meeting)
    ids = _ids(services, meeting)
    for name in ("Dupré", "Martin"):
        services.votes.cast(meeting, vote, BallotIntake("yes", Origin.KIOSK, ids[name]))
    with pytest.raises(ValidationError, match="4 votes pour 3 votants possibles"):
        services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"no": 2}))
    services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"no": 1}))
    services.votes.cast(meeting, vote, BallotIntake(BLANK, Origin.PAPER))  # one more ballot…
    with pytest.raises(ValidationError, match="4 votes pour 3 votants possibles"):
        services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"no": 1}))  # …too many
    assert dict(services.votes.outcome(meeting, vote).result.figures["no"]) == {"votes": 1}
