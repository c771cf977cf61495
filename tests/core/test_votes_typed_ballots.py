"""Paper ballots typed at the keyboard become the ballots the count expects."""

from __future__ import annotations

import pytest

from civodesk.voting import BLANK, SPOILED
from civodesk.voting.typed_ballots import TypedBallotError, read_typed_ballot

OPTIONS = ["a", "b", "c"]


@pytest.mark.parametrize(
    ("method", "text", "ballot"),
    [
        ("single", "2", "b"),
        ("single", " b ", BLANK),
        ("approval", "n", SPOILED),
        ("approval", "1 3", frozenset({"a", "c"})),
        ("schulze", "312", ["c", "a", "b"]),
        ("irv", "2,1", ["b", "a"]),
        ("score", "4 0 2", {"a": 4, "c": 2}),
        ("majority_judgment", "1 7", {"a": 0, "b": 6}),
    ],
)
def test_typed_lines_are_read(method: str, text: str, ballot: object) -> None:
    assert read_typed_ballot(method, OPTIONS, text) == ballot


def test_yes_no_letters() -> None:
    assert read_typed_ballot("yes_no_abstain", ["yes", "no", "abstain"], "c") == "no"
    assert read_typed_ballot("yes_no_abstain", ["yes", "no", "abstain"], "1") == "yes"


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("single", "4"),
        ("single", "1 2"),
        ("single", "x"),
        ("majority_judgment", "8"),
        ("score", "1 1 1 1"),
        ("single", ""),
    ],
)
def test_unreadable_lines_say_what_to_type(method: str, text: str) -> None:
    with pytest.raises(TypedBallotError):
        read_typed_ballot(method, OPTIONS, text)
