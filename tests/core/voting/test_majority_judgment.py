"""Majority judgment: the Mieux Voter libraries' published cases, and the tie-break rule checked
against the definition by majority values (Balinski & Laraki, *Majority Judgment*, 2011)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civodesk.voting import LOWEST_GRADE, count
from civodesk.voting.majority_judgment import compare_profiles, gauge, rank_profiles


def majority_values(grades: Sequence[int]) -> list[int]:
    """Balinski & Laraki's majority value: the lower median, removed, again until none is left.
    Written with the library's convention here: larger is better, "lower" median = the worse."""
    remaining = sorted(grades)
    values = []
    while remaining:
        values.append(remaining.pop((len(remaining) - 1) // 2))
    return values


def profile_of(grades: Sequence[int]) -> list[int]:
    """A merit profile (index 0 = best) from grades where 0 is the best."""
    return [list(grades).count(grade) for grade in range(LOWEST_GRADE + 1)]


def by_majority_values(first: Sequence[int], second: Sequence[int]) -> int:
    """The reference comparison, on explicit grades with 0 = best."""
    a = majority_values([-grade for grade in first])
    b = majority_values([-grade for grade in second])
    return (a > b) - (a < b)


def ballots_from_profiles(profiles: Mapping[str, Sequence[int]]) -> list[dict[str, int]]:
    """Ballots whose merit profiles are ``profiles`` (each voter grades every option)."""
    columns = {
        option: [grade for grade, amount in enumerate(profile) for _ in range(amount)]
        for option, profile in profiles.items()
    }
    voters = len(next(iter(columns.values())))
    return [
        {option: column[voter] for option, column in columns.items()} for voter in range(voters)
    ]


def from_worst_first(tally: Sequence[int]) -> list[int]:
    """A Java-library tally (worst grade first) as a profile on the 7 grades, best first."""
    return [0] * (LOWEST_GRADE + 1 - len(tally)) + list(reversed(tally))


def test_reference_majority_values_match_the_book() -> None:
    """Balinski & Laraki, *Majority Judgment*, section 1.5, as quoted in the doctests of
    github.com/MieuxVoter/majority-judgment-library-python (compute_majority_values)."""
    assert majority_values([7, 11, 9, 9, 11]) == [9, 9, 11, 7, 11]
    assert majority_values([8, 11, 9, 9, 10]) == [9, 9, 10, 8, 11]


def test_mieux_voter_python_library_examples() -> None:
    """Doctests of majority_judgment() in github.com/MieuxVoter/majority-judgment-library-python
    (grades there: larger is better; here 0 is the best, so grade g becomes 6 - g)."""
    a = [3, 3, 3, 0, 0, 0, 1, 1, 2, 2]
    b = [0, 0, 1, 1, 2, 2, 2, 2, 3, 3]
    result = count(
        "majority_judgment",
        ["A", "B"],
        ballots_from_profiles(
            {"A": profile_of([6 - g for g in a]), "B": profile_of([6 - g for g in b])}
        ),
    )
    assert result.ranking == (("B",), ("A",))

    # reverse=True there: smaller is better, as here.
    result = count("majority_judgment", ["A", "B"], [{"A": 0, "B": 1}, {"A": 4, "B": 2}])
    assert result.ranking == (("B",), ("A",))

    c81 = [0, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    c81 += [4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5]
    c82 = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4]
    c82 += [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    profiles = {"81": profile_of([6 - g for g in c81]), "82": profile_of([6 - g for g in c82])}
    result = count("majority_judgment", ["81", "82"], ballots_from_profiles(profiles))
    assert result.ranking == (("82",), ("81",))


def test_mieux_voter_java_library_cases() -> None:
    """github.com/MieuxVoter/majority-judgment-library-java, src/test: assertions.json ("Few
    judgments") and MajorityJudgmentDeliberatorTest (README demo, collected tally, big numbers,
    thousands of identical proposals). Tallies there list the worst grade first."""
    few = [[1, 1, 1], [1, 0, 2], [3, 0, 0], [2, 0, 1], [0, 3, 0]]
    names = ["p1", "p2", "p3", "p4", "p5"]
    ranking = rank_profiles(
        names, {n: from_worst_first(t) for n, t in zip(names, few, strict=True)}
    )
    assert ranking == (("p2",), ("p5",), ("p1",), ("p4",), ("p3",))  # ranks 3, 1, 5, 4, 2

    demo = {
        "p1": from_worst_first([4, 5, 2, 1, 3, 1, 2]),
        "p2": from_worst_first([3, 6, 2, 1, 3, 1, 2]),
    }
    assert rank_profiles(["p1", "p2"], demo) == (("p2",), ("p1",))
    result = count("majority_judgment", ["p1", "p2"], ballots_from_profiles(demo))
    assert result.ranking == (("p2",), ("p1",))

    collected = {
        "p1": from_worst_first([2, 3, 0, 3]),
        "p2": from_worst_first([2, 0, 4, 2]),
        "p3": from_worst_first([2, 1, 3, 2]),
    }
    assert rank_profiles(["p1", "p2", "p3"], collected) == (("p2",), ("p3",), ("p1",))

    big = {
        "p1": from_worst_first([11312415004, 21153652410, 24101523299, 18758623562]),
        "p2": from_worst_first([11312415004, 21153652400, 24101523299, 18758623572]),
    }
    assert rank_profiles(["p1", "p2"], big) == (("p2",), ("p1",))

    same = {f"p{index}": from_worst_first([0, 2, 1]) for index in range(1337)}
    assert rank_profiles(list(same), same) == (tuple(same),)


def test_an_ungraded_option_gets_the_lowest_grade() -> None:
    """MajorityJudgmentDeliberatorTest.testWithStaticDefaultGrade (Java library): with three
    participants, {0, 0, 1} (one top grade, two missing) loses to {0, 3, 0} when missing
    judgments count as the worst grade."""
    ballots = [{"p1": 0, "p2": 3}, {"p2": 3}, {"p2": 3}]
    result = count("majority_judgment", ["p1", "p2"], ballots)
    assert result.figures["p1"]["profile"] == (1, 0, 0, 0, 0, 0, 2)
    assert result.figures["p1"]["majority_grade"] == LOWEST_GRADE
    assert result.ranking == (("p2",), ("p1",))


@given(
    st.integers(1, 12).flatmap(
        lambda voters: st.tuples(
            st.lists(st.integers(0, LOWEST_GRADE), min_size=voters, max_size=voters),
            st.lists(st.integers(0, LOWEST_GRADE), min_size=voters, max_size=voters),
        )
    )
)
def test_the_gauge_rule_orders_as_majority_values_do(grades: tuple[list[int], list[int]]) -> None:
    """The domain's rule (groups above and below, then removing majority grades, jumping over
    removals that change nothing) decides exactly as comparing majority values."""
    first, second = grades
    assert compare_profiles(profile_of(first), profile_of(second)) == by_majority_values(
        first, second
    )


@given(st.lists(st.integers(0, LOWEST_GRADE), min_size=1, max_size=40))
def test_majority_grade_is_the_lower_median(grades: list[int]) -> None:
    ordered = sorted(grades)  # best first
    assert gauge(profile_of(grades)).grade == ordered[len(ordered) // 2]


def test_the_explanation_says_why_the_winner_won() -> None:
    # Same majority grade "Bien"; "parc" has more grades above than below, "piste" the reverse.
    ballots = [{"parc": 0, "piste": 1}, {"parc": 2, "piste": 2}, {"parc": 2, "piste": 4}]
    ballots += [{"parc": 1, "piste": 2}, {"parc": 5, "piste": 6}]
    result = count("majority_judgment", ["piste", "parc"], ballots)
    assert result.ranking == (("parc",), ("piste",))
    assert result.figures["parc"]["majority_grade"] == 2
    assert (result.figures["parc"]["above"], result.figures["parc"]["below"]) == (2, 1)
    lines = result.explanation.splitlines()
    assert lines[1] == (
        "« parc » obtient la mention majoritaire « Bien » : 80 % des votants lui attribuent "
        "« Bien » ou mieux."
    )
    assert lines[2].startswith("« parc » et « piste » ont la même mention « Bien », mais")


def test_identical_profiles_tie_and_different_grades_are_named() -> None:
    tied = count("majority_judgment", ["a", "b"], [{"a": 1, "b": 1}, {"a": 3, "b": 3}])
    assert tied.ranking == (("a", "b"),)
    assert "le même profil de mérite" in tied.explanation
    apart = count("majority_judgment", ["a", "b"], [{"a": 0, "b": 4}])
    assert "« b », deuxième, n'obtient que « Passable »." in apart.explanation


@pytest.mark.parametrize(
    ("ballot", "reason"),
    [
        ({"a": 7}, "out_of_range"),
        ({"a": -1}, "out_of_range"),
        ({"a": True}, "not_a_whole_number"),
        ({"a": 1.0}, "not_a_whole_number"),
        ({"z": 1}, "unknown_option"),
        (["a"], "wrong_shape"),
    ],
)
def test_rule_breaking_ballots_are_spoiled(ballot: object, reason: str) -> None:
    result = count("majority_judgment", ["a", "b"], [ballot, {"a": 0}, {}])
    assert result.tally.spoiled == 1
    assert dict(result.tally.spoiled_reasons) == {reason: 1}
    assert result.tally.valid == 1
    assert result.tally.blank == 1


def test_groups_of_the_same_size_are_decided_by_removing_majority_grades() -> None:
    # Both have "Bien" with one grade above and one below; removing "Bien" grades leaves
    # "Excellent" against "Très bien".
    ballots = ballots_from_profiles({"a": profile_of([0, 2, 2, 3]), "b": profile_of([1, 2, 2, 3])})
    result = count("majority_judgment", ["b", "a"], ballots)
    assert result.ranking == (("a",), ("b",))
    assert result.explanation.splitlines()[2] == (
        "« a » et « b » ont la même mention « Bien » et des groupes de même taille ; en retirant "
        "de part et d'autre des mentions « Bien », comme le prévoit la règle, « a » l'emporte."
    )


@pytest.mark.parametrize(
    ("winner", "second", "sentence"),
    [
        # both have more grades above "Bien": the larger group above wins
        (
            [0, 0, 2, 2, 2],
            [0, 2, 2, 2, 2],
            "« a » a plus de mentions au-dessus : 40 % contre 20 %.",
        ),
        # both have more grades below "Bien": the smaller group below wins
        (
            [0, 2, 2, 2, 6],
            [0, 2, 2, 5, 6],
            "« a » a moins de mentions en dessous : 20 % contre 40 %.",
        ),
    ],
)
def test_same_majority_grade_decided_by_the_groups(
    winner: list[int], second: list[int], sentence: str
) -> None:
    ballots = ballots_from_profiles({"a": profile_of(winner), "b": profile_of(second)})
    result = count("majority_judgment", ["b", "a"], ballots)
    assert result.ranking == (("a",), ("b",))
    assert sentence in result.explanation
