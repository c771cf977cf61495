"""Dot voting (vote par gommettes): each person places up to N dots, at most K on one option.

A ballot maps options to a number of dots (options left out get none). A ballot placing more
than N dots in all, or more than K on one option, is spoiled; one placing no dot is blank. The
option with the most dots comes first. Ties: options with as many dots share a tier (how many
people supported each is shown, not used to break the tie). Figures per option: ``dots`` and
``supporters`` (ballots giving it at least one dot).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import (
    TOO_MANY_DOTS,
    TOO_MANY_DOTS_ON_OPTION,
    InvalidBallotError,
    Options,
    number_mapping,
)
from civodesk.voting.leaders import leader_sentence
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, tiers_by
from civodesk.voting.rules import DotsRules
from civodesk.voting.wording import number, percent, quoted

DotBallot = tuple[tuple[str, int], ...]


def ballot_key(ballot: object, options: Options, rules: DotsRules) -> DotBallot | None:
    placed = number_mapping(ballot, options, 0, max(rules.dots_per_person, rules.max_per_option))
    for option, dots in placed.items():
        if dots > rules.max_per_option:
            raise InvalidBallotError(
                TOO_MANY_DOTS_ON_OPTION,
                _("{dots} gommettes sur {option} : au plus {limit} par option.").format(
                    dots=dots, option=quoted(options.label(option)), limit=rules.max_per_option
                ),
            )
    total = sum(placed.values())
    if total > rules.dots_per_person:
        raise InvalidBallotError(
            TOO_MANY_DOTS,
            _("{dots} gommettes placées : au plus {limit} par personne.").format(
                dots=total, limit=rules.dots_per_person
            ),
        )
    return tuple(sorted((option, dots) for option, dots in placed.items() if dots)) or None


def tally(
    options: Options, keys: Sequence[DotBallot], rules: DotsRules, ballots: BallotTally
) -> Outcome:
    dots: Counter[str] = Counter()
    supporters: Counter[str] = Counter()
    for placed, times in Counter(keys).items():
        for option, count in placed:
            dots[option] += count * times
            supporters[option] += times
    ranking = tiers_by(options.ids, lambda option: dots[option])
    placed_in_all = sum(dots.values())
    sentence = leader_sentence(
        options,
        ranking,
        lambda option: dots[option],
        alone=_("{option} reçoit le plus de gommettes : {amount} sur {placed} placées ({share})."),
        tied=_(
            "Les options {options} sont à égalité en tête avec {amount} gommettes chacune, sur {placed} placées."
        ),
        placed=number(placed_in_all),
        share=percent(dots[ranking[0][0]], placed_in_all),
    )
    figures: Mapping[str, Mapping[str, int]] = {
        option: {"dots": dots[option], "supporters": supporters[option]} for option in options.ids
    }
    return Outcome(ranking=ranking, figures=figures, details={}, explanation=(sentence,))


METHOD = Method("dots", False, DotsRules, None, ballot_key, tally)
