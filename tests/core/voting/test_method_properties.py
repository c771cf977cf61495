"""Invariants of each method, checked with hypothesis on random votes."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from civodesk.voting import LOWEST_GRADE, count
from tests.core.voting.strategies import any_vote, option_names, options_and_rankings, yes_no_rules

Vote = tuple[str, list[str], list[Any], Any]


@given(any_vote())
def test_totals_add_up(vote: Vote) -> None:
    method, options, ballots, rules = vote
    result = count(method, options, ballots, rules)
    valid = result.tally.valid
    figures = result.figures
    if method in ("single", "yes_no_abstain"):
        assert sum(figures[option]["votes"] for option in result.options) == valid
    elif method == "approval":
        assert all(0 <= figures[option]["approvals"] <= valid for option in options)
    elif method == "dots":
        assert sum(figures[option]["dots"] for option in options) <= rules.dots_per_person * valid
        assert all(figures[option]["supporters"] <= valid for option in options)
    elif method == "score":
        assert all(0 <= figures[option]["total"] <= rules.max_score * valid for option in options)
    elif method == "majority_judgment":
        assert all(sum(figures[option]["profile"]) == valid for option in options)
    elif method == "borda":
        ranked = [len(b) for b in ballots if isinstance(b, list) and b]
        assert sum(figures[option]["points"] for option in options) == sum(
            m * (m + 1) // 2 for m in ranked
        )


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 5), yes_no_rules())
def test_one_more_yes_never_rejects_an_adopted_motion(
    yes: int, no: int, abstain: int, rules: Any
) -> None:
    ballots = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    before = count("yes_no_abstain", ["yes", "no", "abstain"], ballots, rules)
    after = count("yes_no_abstain", ["yes", "no", "abstain"], [*ballots, "yes"], rules)
    assert not before.details["adopted"] or after.details["adopted"]


@st.composite
def graded_vote(draw: st.DrawFn) -> tuple[list[str], list[dict[str, int]]]:
    options = draw(option_names(min_size=2))
    grade = st.integers(0, LOWEST_GRADE)
    ballots = draw(st.lists(st.dictionaries(st.sampled_from(options), grade), min_size=1))
    return options, ballots


@given(graded_vote(), st.data())
def test_majority_judgment_is_monotone(
    vote: tuple[list[str], list[dict[str, int]]], data: Any
) -> None:
    """Raising one grade of a sole winner keeps it the sole winner (Balinski & Laraki's
    monotonicity of the majority ranking)."""
    options, ballots = vote
    result = count("majority_judgment", options, ballots)
    assume(len(result.winners) == 1)
    winner = result.winners[0]
    index = data.draw(st.integers(0, len(ballots) - 1))
    assume(ballots[index])  # an empty ballot is blank: grading on it adds a voter
    improved = [dict(ballot) for ballot in ballots]
    current = improved[index].get(winner, LOWEST_GRADE)
    assume(current > 0)
    improved[index][winner] = current - 1
    assert count("majority_judgment", options, improved).winners == (winner,)


@given(options_and_rankings(min_ballots=1), st.data())
def test_schulze_is_monotone(case: tuple[list[str], list[list[str]]], data: Any) -> None:
    """Moving a sole winner up on one ballot keeps it the sole winner (Schulze 2011, §4.5)."""
    options, ballots = case
    result = count("schulze", options, ballots)
    assume(len(result.winners) == 1)
    winner = result.winners[0]
    # Only ballots where the winner can still move up (not already first), so nothing is filtered.
    movable = [i for i, ranked in enumerate(ballots) if not ranked or ranked[0] != winner]
    assume(movable)
    index = data.draw(st.sampled_from(movable))
    ranked = list(ballots[index])
    if winner in ranked:
        position = ranked.index(winner)
        ranked[position - 1], ranked[position] = ranked[position], ranked[position - 1]
    else:
        ranked.append(winner)
    changed = [*ballots[:index], ranked, *ballots[index + 1 :]]
    assert count("schulze", options, changed).winners == (winner,)


@given(options_and_rankings())
def test_schulze_tiers_follow_the_strongest_paths(case: tuple[list[str], list[list[str]]]) -> None:
    options, ballots = case
    result = count("schulze", options, ballots)
    paths = result.details["strongest_paths"]
    tier_of = {option: tier for tier, members in enumerate(result.ranking) for option in members}
    for a, first in enumerate(options):
        for b, second in enumerate(options):
            if paths[a][b] > paths[b][a]:
                assert tier_of[first] < tier_of[second]
