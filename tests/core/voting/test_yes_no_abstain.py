"""Yes/no/abstain: each majority and base, blank and spoiled ballots apart, ties, the quorum."""

from __future__ import annotations

from fractions import Fraction

import pytest

from civodesk.voting import (
    BLANK,
    SPOILED,
    Base,
    Majority,
    VotingRulesError,
    YesNoRules,
    count,
)

OPTIONS = ["yes", "no", "abstain"]


def vote(yes: int, no: int, abstain: int = 0, blank: int = 0, spoiled: int = 0) -> list[object]:
    return (
        ["yes"] * yes + ["no"] * no + ["abstain"] * abstain + [BLANK] * blank + [SPOILED] * spoiled
    )


def adopted(ballots: list[object], rules: YesNoRules) -> bool:
    result = count("yes_no_abstain", OPTIONS, ballots, rules)
    assert result.details["adopted"] == (result.ranking[0] == ("yes",))
    return bool(result.details["adopted"])


def test_blank_and_spoiled_are_counted_apart_and_never_cast() -> None:
    result = count("yes_no_abstain", OPTIONS, [*vote(6, 4, 2, 3, 1), "peut-être"])
    assert result.tally.to_dict() == {
        "ballots": 17,
        "valid": 12,
        "blank": 3,
        "spoiled": 2,
        "spoiled_reasons": {"declared_spoiled": 1, "unknown_option": 1},
    }
    assert {option: result.figures[option]["votes"] for option in OPTIONS} == {
        "yes": 6,
        "no": 4,
        "abstain": 2,
    }
    assert result.details["base"] == 10  # votes cast: yes + no
    assert result.explanation.splitlines()[0] == (
        "Bulletins : 17 ; valables : 12 ; blancs : 3 ; nuls : 2."
    )


def test_simple_majority_and_its_tie() -> None:
    rules = YesNoRules()
    assert adopted(vote(5, 4, abstain=20), rules)
    tie = count("yes_no_abstain", OPTIONS, vote(5, 5), rules)
    assert tie.ranking == (("no",), ("yes",))
    assert "Partage des voix : la proposition n'est pas adoptée." in tie.explanation
    assert not adopted(vote(0, 0, abstain=3), rules)  # at least one "yes" is needed


def test_absolute_majority_exactly_half_is_not_adopted() -> None:
    cast = YesNoRules(Majority.ABSOLUTE, Base.CAST)
    assert not adopted(vote(5, 5), cast)
    assert adopted(vote(6, 5), cast)
    valid = YesNoRules(Majority.ABSOLUTE, Base.VALID)
    assert not adopted(vote(6, 4, abstain=1, blank=1), valid)  # 6 of 12 valid: half
    assert adopted(vote(6, 4, abstain=1, spoiled=5), valid)  # 6 of 11: spoiled never count
    present = YesNoRules(Majority.ABSOLUTE, Base.PRESENT, present=14)
    assert not adopted(vote(7, 2), present)
    assert adopted(vote(8, 2), present)
    registered = YesNoRules(Majority.ABSOLUTE, Base.REGISTERED, present=10, registered=21)
    assert not adopted(vote(10, 0), registered)
    result = count("yes_no_abstain", OPTIONS, vote(10, 0), registered)
    assert result.details["needed"] == 11
    assert "Majorité absolue des inscrits, soit 21 : il faut au moins 11 voix pour." in (
        result.explanation
    )


def test_two_thirds_is_at_least_two_thirds() -> None:
    rules = YesNoRules(Majority.TWO_THIRDS)
    assert adopted(vote(10, 5), rules)  # exactly two thirds
    assert not adopted(vote(9, 5), rules)
    assert count("yes_no_abstain", OPTIONS, vote(7, 3), rules).details["needed"] == 7  # ⌈20/3⌉


def test_custom_share_at_least_or_strictly_more() -> None:
    at_least = YesNoRules(Majority.CUSTOM, Base.CAST, share=Fraction(3, 5))
    assert adopted(vote(6, 4), at_least)
    strictly = YesNoRules(Majority.CUSTOM, Base.CAST, share=Fraction(3, 5), strict=True)
    assert not adopted(vote(6, 4), strictly)
    assert adopted(vote(7, 4), strictly)
    for same in (0.6, "3/5", "0.6"):  # a float is read as the decimal it shows, not 0.59999…
        assert YesNoRules(Majority.CUSTOM, share=same) == at_least  # type: ignore[arg-type]
    assert (
        "Plus de 3/5 des suffrages exprimés"
        in count("yes_no_abstain", OPTIONS, vote(7, 4), strictly).explanation
    )


def test_quorum_not_met_means_not_adopted() -> None:
    rules = YesNoRules(Majority.SIMPLE, quorum=20, present=19, registered=38)
    result = count("yes_no_abstain", OPTIONS, vote(15, 1), rules)
    assert result.details["quorum_met"] is False
    assert result.details["majority_reached"] is True
    assert result.details["adopted"] is False
    assert "Quorum non atteint : 19 présents ou représentés pour 20 requis." in result.explanation
    met = YesNoRules(Majority.SIMPLE, quorum=20, present=20, registered=38)
    assert count("yes_no_abstain", OPTIONS, vote(15, 1), met).details["quorum_met"] is True
    assert count("yes_no_abstain", OPTIONS, vote(15, 1)).details["quorum_met"] is None


def test_more_ballots_than_the_base_is_refused() -> None:
    rules = YesNoRules(Majority.ABSOLUTE, Base.PRESENT, present=3)
    with pytest.raises(VotingRulesError, match="ne concordent pas"):
        count("yes_no_abstain", OPTIONS, vote(3, 1), rules)


@pytest.mark.parametrize(
    "make",
    [
        lambda: YesNoRules(Majority.SIMPLE, Base.PRESENT, present=3),
        lambda: YesNoRules(Majority.CUSTOM),
        lambda: YesNoRules(Majority.CUSTOM, share=Fraction(3, 2)),
        lambda: YesNoRules(Majority.CUSTOM, share=Fraction(1), strict=True),
        lambda: YesNoRules(Majority.CUSTOM, share="beaucoup"),
        lambda: YesNoRules(Majority.ABSOLUTE, share=Fraction(1, 2)),
        lambda: YesNoRules(Majority.ABSOLUTE, Base.PRESENT),
        lambda: YesNoRules(Majority.ABSOLUTE, Base.REGISTERED, present=2),
        lambda: YesNoRules(quorum=3),
        lambda: YesNoRules(quorum=-1, present=2),
        lambda: YesNoRules(present=5, registered=4),
    ],
)
def test_rules_that_make_no_sense_are_refused(make: object) -> None:
    with pytest.raises(VotingRulesError):
        make()  # type: ignore[operator]


def test_options_must_be_yes_no_and_maybe_abstain() -> None:
    assert count("yes_no_abstain", ["yes", "no"], ["abstain"]).tally.spoiled == 1
    with pytest.raises(VotingRulesError):
        count("yes_no_abstain", ["yes", "maybe"], [])
    labelled = count("yes_no_abstain", {"yes": "Oui", "no": "Non"}, [])
    assert labelled.labels == {"yes": "Oui", "no": "Non"}
    assert count("yes_no_abstain", OPTIONS, []).labels["abstain"] == "Abstention"


def test_rules_state_themselves_in_the_result() -> None:
    rules = YesNoRules(Majority.CUSTOM, Base.VALID, share=Fraction(55, 100), quorum=3, present=4)
    assert count("yes_no_abstain", OPTIONS, vote(3, 1), rules).to_dict()["rules"] == {
        "majority": "custom",
        "base": "valid",
        "share": "11/20",
        "strict": False,
        "quorum": 3,
        "present": 4,
        "registered": None,
    }
