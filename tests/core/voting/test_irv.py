"""Instant-runoff: the Tennessee example, exhausted ballots, the tie-break, the majority property."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from civodesk.voting import count
from tests.core.voting.strategies import options_and_rankings
from tests.core.voting.test_schulze import tennessee

CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_tennessee_capital() -> None:
    """Wikipedia, "Instant-runoff voting" (example, Tennessee capital): Chattanooga (15 %) is
    eliminated first and its votes go to Knoxville (32 %); then Nashville (26 %), whose votes go
    to Knoxville too: Knoxville wins 58 to 42 although Nashville is the Condorcet winner.
    """
    result = count("irv", CITIES, tennessee())
    assert result.winners == ("Knoxville",)
    rounds = result.details["rounds"]
    assert rounds[0]["votes"] == {
        "Memphis": 42,
        "Nashville": 26,
        "Chattanooga": 15,
        "Knoxville": 17,
    }
    assert rounds[0]["eliminated"] == ("Chattanooga",)
    assert rounds[1]["votes"] == {"Memphis": 42, "Nashville": 26, "Knoxville": 32}
    assert rounds[1]["eliminated"] == ("Nashville",)
    assert rounds[2]["votes"] == {"Memphis": 42, "Knoxville": 58}
    assert result.details["majority_round"] == 3
    assert result.ranking == (("Knoxville",), ("Memphis",), ("Nashville",), ("Chattanooga",))
    assert result.figures["Chattanooga"] == {"first_round": 15, "eliminated_in": 1}
    assert "Au tour 3, « Knoxville » a la majorité des bulletins encore en jeu : 58 sur 100." in (
        result.explanation
    )


def test_partial_rankings_exhaust() -> None:
    ballots = [["a"]] * 5 + [["b"]] * 4 + [["c", "b"]] * 2 + [["c"]] * 1
    result = count("irv", ["a", "b", "c"], ballots)
    first, second = result.details["rounds"][:2]
    assert first["eliminated"] == ("c",)
    assert second["votes"] == {"a": 5, "b": 6}
    assert second["exhausted"] == 1
    assert result.winners == ("b",)


def test_a_tie_for_last_goes_to_earlier_rounds() -> None:
    # Round 1: a 4, b 3, c 2, d 2 -> c and d tie, both 2 in the only round: eliminated together.
    ballots = [["a"]] * 4 + [["b"]] * 3 + [["c", "b"]] * 2 + [["d", "c"]] * 2
    together = count("irv", ["a", "b", "c", "d"], ballots).details["rounds"][0]
    assert together["eliminated"] == ("c", "d")
    assert together["tie_break"] == "together"

    # Round 1: a 5, b 4, c 3, d 1 -> d out, its ballot goes to c: round 2 a 5, b 4, c 4.
    # b and c tie; in round 1 c had fewer (3 < 4), so c is eliminated.
    ballots = [["a"]] * 5 + [["b"]] * 4 + [["c"]] * 3 + [["d", "c"]]
    result = count("irv", ["a", "b", "c", "d"], ballots)
    second = result.details["rounds"][1]
    assert second["votes"] == {"a": 5, "b": 4, "c": 4}
    assert second["eliminated"] == ("c",)
    assert second["tie_break"] == "earlier_rounds"
    assert "elle en avait moins au dernier tour où leurs voix différaient" in result.explanation


def test_finalists_tied_share_first_place() -> None:
    result = count("irv", ["a", "b"], [["a"], ["b"]])
    assert result.ranking == (("a", "b"),)
    assert "restent à égalité" in result.explanation


@given(options_and_rankings())
def test_a_first_round_majority_winner_wins(case: tuple[list[str], list[list[str]]]) -> None:
    options, ballots = case
    firsts = Counter(ballot[0] for ballot in ballots if ballot)
    result = count("irv", options, ballots)
    for option, votes in firsts.items():
        if 2 * votes > sum(firsts.values()):
            assert result.ranking[0] == (option,)
            assert result.details["majority_round"] == 1


@given(options_and_rankings())
def test_every_round_accounts_for_every_valid_ballot(
    case: tuple[list[str], list[list[str]]],
) -> None:
    options, ballots = case
    result = count("irv", options, ballots)
    for record in result.details["rounds"]:
        assert sum(record["votes"].values()) + record["exhausted"] == result.tally.valid
    assert sorted(option for tier in result.ranking for option in tier) == sorted(options)
