"""Borda (modified for partial rankings): the Tennessee example and partial ballots."""

from __future__ import annotations

from civodesk.voting import count
from tests.core.voting.test_schulze import tennessee

CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_tennessee_capital() -> None:
    """Wikipedia, "Borda count" (example, Tennessee capital): with 3, 2, 1, 0 points per ballot of
    100 voters, Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107. Here every complete
    ballot gives 4, 3, 2, 1 points (one more for each city on each of the 100 ballots).
    """
    result = count("borda", CITIES, tennessee())
    assert result.ranking == (("Nashville",), ("Chattanooga",), ("Memphis",), ("Knoxville",))
    textbook = {"Nashville": 194, "Chattanooga": 173, "Memphis": 126, "Knoxville": 107}
    for city, points in textbook.items():
        assert result.figures[city]["points"] == points + 100
    assert result.figures["Memphis"]["first_choices"] == 42


def test_a_short_ranking_gives_its_options_no_extra_weight() -> None:
    # "a" alone gets 1 point, the same as the last place of a complete ballot.
    result = count("borda", ["a", "b", "c"], [["a"], ["b", "c", "a"]])
    assert {option: result.figures[option]["points"] for option in "abc"} == {
        "a": 2,
        "b": 3,
        "c": 2,
    }
    assert result.ranking == (("b",), ("a", "c"))
    assert "« b » obtient le plus de points : 3." in result.explanation
