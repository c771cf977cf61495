"""Borda count, in its modified form for partial rankings (Emerson's "modified Borda count").

A ballot ranks some or all options. On a ballot ranking m options, the first gets m points, the
next m − 1, and so on down to 1 for the last one ranked; options left unranked get nothing. With
complete rankings this orders the options exactly as the textbook count (n − 1 points down to 0),
every option having one more point per ballot; with partial rankings, ranking fewer options does
not give them more weight (the classic count would hand a one-option ballot n − 1 points).
The option with the most points comes first. Ties: options with as many points share a tier.
Figures per option: ``points`` and ``first_choices`` (ballots ranking it first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import Options, ranking
from civodesk.voting.leaders import leader_sentence
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, tiers_by


def ballot_key(ballot: object, options: Options, rules: None) -> tuple[str, ...] | None:
    return ranking(ballot, options) or None


def tally(
    options: Options, keys: Sequence[tuple[str, ...]], rules: None, ballots: BallotTally
) -> Outcome:
    points: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    for ranked, times in Counter(keys).items():
        firsts[ranked[0]] += times
        for position, option in enumerate(ranked):
            points[option] += (len(ranked) - position) * times
    order = tiers_by(options.ids, lambda option: points[option])
    sentence = leader_sentence(
        options,
        order,
        lambda option: points[option],
        alone=_("{option} obtient le plus de points : {amount}."),
        tied=_("Les options {options} sont à égalité en tête avec {amount} points chacune."),
    )
    rule = _(
        "Sur un bulletin qui classe n options, la première reçoit n points, la suivante n − 1, "
        "et ainsi de suite jusqu'à 1 point ; les options non classées n'en reçoivent pas."
    )
    return Outcome(
        ranking=order,
        figures={
            option: {"points": points[option], "first_choices": firsts[option]}
            for option in options.ids
        },
        details={},
        explanation=(sentence, rule),
    )


METHOD = Method("borda", True, None, None, ballot_key, tally)
