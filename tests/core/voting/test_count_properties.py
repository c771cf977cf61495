"""Properties every method keeps: order of ballots, replication, JSON, validation agreeing with count."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civodesk.voting import (
    BLANK,
    SPOILED,
    InvalidBallotError,
    VotingRulesError,
    ballot_from,
    ballot_json,
    count,
    rules_from,
    sealed_order,
    validate_ballot,
)
from tests.core.voting.strategies import any_vote

Vote = tuple[str, list[str], list[Any], Any]


@settings(max_examples=300)
@given(any_vote(), st.randoms(use_true_random=False))
def test_permuting_the_ballots_never_changes_the_result(vote: Vote, rng: Any) -> None:
    method, options, ballots, rules = vote
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    assert count(method, options, shuffled, rules).to_json() == (
        count(method, options, ballots, rules).to_json()
    )


@settings(max_examples=300)
@given(any_vote())
def test_a_copy_of_every_ballot_never_changes_the_ranking(vote: Vote) -> None:
    method, options, ballots, rules = vote
    once = count(method, options, ballots, rules)
    twice = count(method, options, ballots + ballots, rules)
    assert twice.ranking == once.ranking
    assert twice.tally.ballots == 2 * once.tally.ballots


@given(any_vote())
def test_every_option_is_ranked_once_and_every_ballot_is_accounted_for(vote: Vote) -> None:
    method, options, ballots, rules = vote
    result = count(method, options, ballots, rules)
    ranked = [option for tier in result.ranking for option in tier]
    expected = {"yes", "no"} if method == "yes_no_abstain" else set(options)
    assert sorted(ranked) == sorted(expected)
    assert all(result.ranking)
    tally = result.tally
    assert tally.ballots == len(ballots) == tally.valid + tally.blank + tally.spoiled
    assert sum(tally.spoiled_reasons.values()) == tally.spoiled


def refusal(method: str, options: list[str], ballot: Any, rules: Any) -> InvalidBallotError | None:
    try:
        validate_ballot(method, options, ballot, rules)
    except InvalidBallotError as refused:
        return refused
    return None


@given(any_vote())
def test_validation_refuses_exactly_what_count_spoils(vote: Vote) -> None:
    method, options, ballots, rules = vote
    for ballot in ballots:
        refused = refusal(method, options, ballot, rules)
        spoiled = count(method, options, [ballot], rules).tally.spoiled_reasons
        if refused is not None:
            assert refused.message
            assert spoiled == {refused.code: 1}
        elif ballot is not SPOILED:
            assert not spoiled


@given(any_vote())
def test_ballots_and_results_survive_json(vote: Vote) -> None:
    method, options, ballots, rules = vote
    stored = json.loads(json.dumps([ballot_json(method, ballot) for ballot in ballots]))
    restored = [ballot_from(method, data) for data in stored]
    result = count(method, options, ballots, rules)
    assert count(method, options, restored, rules).to_json() == result.to_json()
    assert json.loads(result.to_json()) == result.to_dict()


@given(any_vote(), st.randoms(use_true_random=False))
def test_sealed_order_depends_only_on_the_ballots(vote: Vote, rng: Any) -> None:
    method, _options, ballots, _rules = vote
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    assert sealed_order(method, shuffled) == sealed_order(method, ballots)


@given(any_vote())
def test_rules_survive_json(vote: Vote) -> None:
    method, options, _ballots, rules = vote
    stated = count(method, options, [], rules).to_dict()["rules"]
    restored = rules_from(method, json.loads(json.dumps(stated)))
    if rules is None and stated is not None:  # the method's defaults were used
        assert restored is not None
        assert restored.to_dict() == stated
    else:
        assert restored == rules


def test_unknown_rules_are_refused() -> None:
    with pytest.raises(VotingRulesError, match="inconnues : colour"):
        rules_from("approval", {"max_choices": 2, "colour": "red"})
    with pytest.raises(VotingRulesError):
        rules_from("borda", {})


def test_canonical_json_of_each_shape() -> None:
    assert ballot_json("approval", {"piste", "banc"}) == ["banc", "piste"]
    assert ballot_json("irv", ("piste", "banc")) == ["piste", "banc"]
    assert ballot_json("score", {"piste": 2, "banc": 1}) == {"banc": 1, "piste": 2}
    assert ballot_json("single", BLANK) == {"mark": "blank"}
    assert ballot_json("single", None) == {"mark": "blank"}
    assert ballot_from("approval", ["banc", "piste"]) == frozenset({"banc", "piste"})
    assert ballot_from("borda", ["banc", "piste"]) == ("banc", "piste")
    assert ballot_from("dots", {"mark": "spoiled"}) is SPOILED
