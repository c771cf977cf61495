"""Single choice, approval, dots and score: counts, caps, ranges and ties."""

from __future__ import annotations

import pytest

from civodesk.voting import (
    BLANK,
    ApprovalRules,
    DotsRules,
    InvalidBallotError,
    ScoreRules,
    VotingRulesError,
    count,
    validate_ballot,
)

OPTIONS = ["parc", "piste", "banc"]


def test_single_choice_ties_share_the_first_tier() -> None:
    result = count("single", OPTIONS, ["parc", "piste", "parc", "piste", "banc", BLANK])
    assert result.ranking == (("parc", "piste"), ("banc",))
    assert result.figures["parc"] == {"votes": 2}
    assert "« parc » et « piste » sont à égalité en tête avec 2 voix chacune, sur 5." in (
        result.explanation
    )


def test_single_choice_explains_the_leader_share() -> None:
    result = count("single", {"parc": "Le parc", "banc": "Un banc"}, ["parc", "parc", "banc"])
    assert "« Le parc » arrive en tête avec 2 voix sur 3 (66,7 %)." in result.explanation


def test_approval_caps_the_number_of_choices() -> None:
    rules = ApprovalRules(max_choices=2)
    ballots = [{"parc", "piste"}, {"parc"}, {"parc", "piste", "banc"}, set()]
    result = count("approval", OPTIONS, ballots, rules)
    assert result.tally.valid == 2
    assert result.tally.blank == 1
    assert dict(result.tally.spoiled_reasons) == {"too_many_choices": 1}
    assert result.ranking == (("parc",), ("piste",), ("banc",))
    assert result.figures["parc"] == {"approvals": 2}
    with pytest.raises(InvalidBallotError, match="au plus 2 sont permises") as refused:
        validate_ballot("approval", OPTIONS, {"parc", "piste", "banc"}, rules)
    assert refused.value.code == "too_many_choices"
    assert count("approval", OPTIONS, [["parc", "parc"]]).tally.spoiled_reasons == {
        "duplicate_option": 1
    }


def test_dots_limits_per_person_and_per_option() -> None:
    rules = DotsRules(dots_per_person=5, max_per_option=3)
    ballots = [
        {"parc": 3, "piste": 2},
        {"piste": 3, "banc": 1},
        {"parc": 4},  # over the per-option limit
        {"parc": 3, "piste": 3},  # over the per-person limit
        {"parc": 0},  # no dot: blank
    ]
    result = count("dots", OPTIONS, ballots, rules)
    assert dict(result.tally.spoiled_reasons) == {"too_many_dots": 1, "too_many_dots_on_option": 1}
    assert result.tally.blank == 1
    assert result.figures["piste"] == {"dots": 5, "supporters": 2}
    assert result.ranking == (("piste",), ("parc",), ("banc",))
    with pytest.raises(VotingRulesError):
        count("dots", OPTIONS, ballots)  # dots need their rules
    with pytest.raises(VotingRulesError):
        DotsRules(dots_per_person=3, max_per_option=4)


def test_score_range_and_ungraded_options() -> None:
    rules = ScoreRules(max_score=5)
    ballots = [{"parc": 5, "piste": 2}, {"piste": 4}, {"parc": 6}, {"banc": -1}]
    result = count("score", OPTIONS, ballots, rules)
    assert dict(result.tally.spoiled_reasons) == {"out_of_range": 2}
    assert {option: result.figures[option]["total"] for option in OPTIONS} == {
        "parc": 5,
        "piste": 6,
        "banc": 0,
    }
    assert result.ranking == (("piste",), ("parc",), ("banc",))
    assert "une moyenne de 3,0 sur 5" in result.explanation
    with pytest.raises(InvalidBallotError, match="doit être entre 0 et 5"):
        validate_ballot("score", OPTIONS, {"parc": 6}, rules)


def test_wrong_rules_or_method_are_refused() -> None:
    with pytest.raises(VotingRulesError):
        count("condorcet", OPTIONS, [])
    with pytest.raises(VotingRulesError):
        count("approval", OPTIONS, [], ScoreRules(max_score=3))
    with pytest.raises(VotingRulesError):
        count("borda", OPTIONS, [], ApprovalRules())
    with pytest.raises(VotingRulesError):
        count("single", ["parc", "parc"], [])
    with pytest.raises(VotingRulesError):
        count("single", "parc", [])


def test_nothing_expressed_ties_everyone() -> None:
    result = count("approval", OPTIONS, [set(), BLANK])
    assert result.ranking == (tuple(OPTIONS),)
    assert "Aucune option n'a reçu de suffrage" in result.explanation
