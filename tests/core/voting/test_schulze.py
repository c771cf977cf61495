"""Condorcet–Schulze: the published worked example, the Tennessee example and the Condorcet property."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from civodesk.voting import count
from civodesk.voting.schulze import pairwise_matrix
from tests.core.voting.strategies import options_and_rankings

WIKIPEDIA_BALLOTS = {
    "ACBED": 5,
    "ADECB": 5,
    "BEDAC": 8,
    "CABED": 3,
    "CAEBD": 7,
    "CBADE": 2,
    "DCEBA": 7,
    "EBADC": 8,
}


def expand(groups: dict[str, int]) -> list[list[str]]:
    return [list(order) for order, times in groups.items() for _ in range(times)]


def test_wikipedia_worked_example() -> None:
    """The example of the English Wikipedia article "Schulze method" (section "Example"): 45
    voters, 5 candidates; result E > A > C > B > D. The pairwise and strongest-path tables below
    are the article's "matrix of pairwise preferences" and "strengths of the strongest paths".
    """
    result = count("schulze", list("ABCDE"), expand(WIKIPEDIA_BALLOTS))
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.details["pairwise"] == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert result.details["strongest_paths"] == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )
    assert result.details["condorcet_winner"] is None
    assert result.figures["E"]["preferred_to"] == {"A": 23, "B": 27, "C": 21, "D": 31}
    assert result.figures["E"]["strongest_paths_to"] == {"A": 25, "B": 28, "C": 28, "D": 31}
    assert "« E » l'emporte" in result.explanation


def test_tennessee_capital_has_a_condorcet_winner() -> None:
    """The Tennessee capital example (Wikipedia, "Condorcet method" / "Schulze method"): 42 %
    Memphis > Nashville > Chattanooga > Knoxville, 26 % Nashville > Chattanooga > Knoxville >
    Memphis, 15 % Chattanooga > Knoxville > Nashville > Memphis, 17 % Knoxville > Chattanooga >
    Nashville > Memphis. Nashville beats every other city in its duel.
    """
    result = count("schulze", ["Memphis", "Nashville", "Chattanooga", "Knoxville"], tennessee())
    assert result.ranking == (("Nashville",), ("Chattanooga",), ("Knoxville",), ("Memphis",))
    assert result.details["condorcet_winner"] == "Nashville"
    assert result.figures["Nashville"]["duels_won"] == 3
    assert "vainqueur de Condorcet" in result.explanation


def tennessee() -> list[list[str]]:
    groups = {
        ("Memphis", "Nashville", "Chattanooga", "Knoxville"): 42,
        ("Nashville", "Chattanooga", "Knoxville", "Memphis"): 26,
        ("Chattanooga", "Knoxville", "Nashville", "Memphis"): 15,
        ("Knoxville", "Chattanooga", "Nashville", "Memphis"): 17,
    }
    return [list(order) for order, times in groups.items() for _ in range(times)]


def test_partial_rankings_prefer_ranked_options_and_leave_the_rest_unordered() -> None:
    result = count("schulze", ["a", "b", "c"], [["a"], ["a"], ["b", "c"]])
    pairwise = result.details["pairwise"]
    assert pairwise[0][1] == 2
    assert pairwise[1][0] == 1
    assert pairwise[1][2] == 1
    assert pairwise[2][1] == 0
    assert result.ranking == (("a",), ("b",), ("c",))


def test_a_perfect_cycle_is_a_three_way_tie() -> None:
    ballots = [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]
    result = count("schulze", ["a", "b", "c"], ballots)
    assert result.ranking == (("a", "b", "c"),)
    assert "à égalité" in result.explanation


def naive_pairwise(size: int, rankings: list[tuple[int, ...]]) -> list[list[int]]:
    matrix = [[0] * size for _ in range(size)]
    for ranked in rankings:
        position = {option: place for place, option in enumerate(ranked)}
        for a, b in itertools.permutations(range(size), 2):
            if position.get(a, size) < position.get(b, size):
                matrix[a][b] += 1
    return matrix


@given(
    st.integers(1, 7).flatmap(
        lambda size: st.tuples(
            st.just(size),
            st.lists(
                st.permutations(range(size)).flatmap(
                    lambda order: st.integers(0, len(order)).map(lambda cut: tuple(order[:cut]))
                ),
                max_size=30,
            ),
        )
    )
)
def test_packed_pairwise_matrix_equals_counting_every_pair(
    case: tuple[int, list[tuple[int, ...]]],
) -> None:
    size, rankings = case
    assert pairwise_matrix(size, Counter(rankings)) == naive_pairwise(size, rankings)


@given(options_and_rankings())
def test_a_condorcet_winner_always_wins(case: tuple[list[str], list[list[str]]]) -> None:
    """The Condorcet criterion (Schulze, "A new monotonic, clone-independent, reversal symmetric,
    and Condorcet-consistent single-winner election method", Social Choice and Welfare, 2011)."""
    options, ballots = case
    result = count("schulze", options, ballots)
    pairwise = result.details["pairwise"]
    size = len(options)
    winners = [
        a
        for a in range(size)
        if all(pairwise[a][b] > pairwise[b][a] for b in range(size) if b != a)
    ]
    if winners:
        assert result.ranking[0] == (options[winners[0]],)
        assert result.details["condorcet_winner"] == options[winners[0]]
