"""Explanations follow the current language; the figures do not change with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.voting import BLANK, Base, Majority, YesNoRules, count


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(DEFAULT_LANGUAGE)


def test_yes_no_explanation_in_english(english: None) -> None:
    rules = YesNoRules(Majority.ABSOLUTE, Base.CAST, quorum=5, present=8)
    result = count("yes_no_abstain", ["yes", "no", "abstain"], ["yes"] * 5 + ["no"] * 5 + [BLANK])
    assert result.labels == {"yes": "For", "no": "Against", "abstain": "Abstain"}
    result = count("yes_no_abstain", ["yes", "no", "abstain"], ["yes"] * 6 + ["no"] * 4, rules)
    assert result.explanation.splitlines() == [
        "Ballots: 10; valid: 10; blank: 0; spoiled: 0.",
        "For: 6; against: 4; abstentions: 0.",
        "Absolute majority of the votes cast (for and against), that is 10: at least 6 votes "
        "for are needed.",
        "Quorum reached: 8 present or represented, 5 required.",
        "The motion is adopted.",
    ]


def test_majority_judgment_grades_and_shares_in_english(english: None) -> None:
    result = count("majority_judgment", ["park", "track"], [{"park": 0, "track": 4}] * 3)
    assert result.explanation.splitlines()[1:] == [
        "“park” gets the majority grade “Excellent”: 100% of the voters give it “Excellent” or "
        "better.",
        "“track”, second, only gets “Passable”.",
    ]


def test_the_language_changes_only_the_explanation() -> None:
    ballots = [["a", "b"], ["b"], ["b", "a"]]
    french = count("irv", ["a", "b"], ballots).to_dict()
    set_language("en")
    try:
        english = count("irv", ["a", "b"], ballots).to_dict()
    finally:
        set_language(DEFAULT_LANGUAGE)
    assert french.pop("explanation") != english.pop("explanation")
    assert french == english
