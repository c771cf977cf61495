"""Hypothesis strategies for options and ballots of each method."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from civodesk.voting import (
    BLANK,
    SPOILED,
    ApprovalRules,
    Base,
    DotsRules,
    Majority,
    ScoreRules,
    YesNoRules,
)


def option_names(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.sampled_from(["parc", "piste", "banc", "fontaine", "jardin", "kiosque", "mare"]),
        min_size=min_size,
        max_size=max_size,
        unique=True,
    )


def partial_ranking(options: list[str]) -> st.SearchStrategy[list[str]]:
    return st.permutations(options).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda cut: list(order[:cut]))
    )


@st.composite
def options_and_rankings(
    draw: st.DrawFn, max_ballots: int = 40, min_ballots: int = 0
) -> tuple[list[str], list[Any]]:
    options = draw(option_names())
    return options, draw(
        st.lists(partial_ranking(options), min_size=min_ballots, max_size=max_ballots)
    )


@st.composite
def yes_no_rules(draw: st.DrawFn) -> YesNoRules:
    """Rules whose base does not depend on presence figures (ballots can then be replicated)."""
    majority = draw(st.sampled_from(list(Majority)))
    base = (
        Base.CAST if majority is Majority.SIMPLE else draw(st.sampled_from([Base.CAST, Base.VALID]))
    )
    share = draw(st.fractions(0, 1).filter(bool)) if majority is Majority.CUSTOM else None
    strict = draw(st.booleans()) if share is not None and share < 1 else False
    quorum, present = draw(st.sampled_from([(None, None), (10, 9), (10, 100)]))
    return YesNoRules(majority, base, share, strict, quorum, present)


@st.composite
def any_vote(draw: st.DrawFn) -> tuple[str, list[str], list[Any], Any]:
    """A method, options, ballots (with blank, spoiled and rule-breaking ones) and rules."""
    method = draw(
        st.sampled_from(
            [
                "yes_no_abstain",
                "single",
                "approval",
                "dots",
                "score",
                "borda",
                "schulze",
                "irv",
                "majority_judgment",
            ]
        )
    )
    options = ["yes", "no", "abstain"] if method == "yes_no_abstain" else draw(option_names())
    rules: Any = None
    if method == "yes_no_abstain":
        rules = draw(yes_no_rules())
        ballot = st.sampled_from(options)
    elif method == "single":
        ballot = st.sampled_from(options)
    elif method == "approval":
        rules = ApprovalRules(max_choices=draw(st.none() | st.integers(1, 3)))
        ballot = st.frozensets(st.sampled_from(options))
    elif method == "dots":
        rules = DotsRules(dots_per_person=5, max_per_option=draw(st.integers(1, 5)))
        ballot = st.dictionaries(st.sampled_from(options), st.integers(0, 5))
    elif method == "score":
        rules = ScoreRules(max_score=draw(st.integers(1, 10)))
        ballot = st.dictionaries(st.sampled_from(options), st.integers(0, 11))
    elif method == "majority_judgment":
        ballot = st.dictionaries(st.sampled_from(options), st.integers(0, 7))
    else:
        ballot = partial_ranking(options)
    extra = st.sampled_from([BLANK, SPOILED, None, "inconnue"])
    ballots = draw(st.lists(ballot | extra, max_size=30))
    return method, options, ballots, rules
