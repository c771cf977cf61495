"""Score voting (vote par notes): each ballot gives options a whole score from 0 to N.

An option left out of a ballot scores 0 on it, so every valid ballot scores every option and the
highest total is also the highest mean. Ties: options with the same total share a tier.
Figures per option: ``total`` (the mean is ``total`` / ``tally.valid``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from babel.numbers import format_decimal

from civodesk.i18n import _, current_language
from civodesk.voting.ballots import Options, number_mapping
from civodesk.voting.leaders import leader_sentence
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, tiers_by
from civodesk.voting.rules import ScoreRules
from civodesk.voting.wording import number

ScoreBallot = tuple[tuple[str, int], ...]


def ballot_key(ballot: object, options: Options, rules: ScoreRules) -> ScoreBallot | None:
    scores = number_mapping(ballot, options, 0, rules.max_score)
    return tuple(sorted(scores.items())) or None


def mean_text(total: int, ballots: int) -> str:
    mean = 0.0 if ballots == 0 else total / ballots
    return str(format_decimal(mean, format="#,##0.0#", locale=current_language()))


def tally(
    options: Options, keys: Sequence[ScoreBallot], rules: ScoreRules, ballots: BallotTally
) -> Outcome:
    totals: Counter[str] = Counter()
    for scores, times in Counter(keys).items():
        for option, score in scores:
            totals[option] += score * times
    ranking = tiers_by(options.ids, lambda option: totals[option])
    sentence = leader_sentence(
        options,
        ranking,
        lambda option: totals[option],
        alone=_("{option} a le meilleur total : {amount} points, une moyenne de {mean} sur {max}."),
        tied=_(
            "Les options {options} sont à égalité avec {amount} points chacune, une moyenne de {mean} sur {max}."
        ),
        mean=mean_text(totals[ranking[0][0]], ballots.valid),
        max=number(rules.max_score),
    )
    return Outcome(
        ranking=ranking,
        figures={option: {"total": totals[option]} for option in options.ids},
        details={},
        explanation=(sentence,),
    )


METHOD = Method("score", False, ScoreRules, None, ballot_key, tally)
