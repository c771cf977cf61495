"""Single choice (scrutin uninominal à un tour): each ballot names one option.

The option with the most votes comes first. Ties: options with as many votes share a tier;
nothing breaks a tie (the meeting decides what to do, e.g. a second round).
Figures per option: ``votes``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import Options, option_choice
from civodesk.voting.leaders import leader_sentence
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, tiers_by
from civodesk.voting.wording import number, percent


def ballot_key(ballot: object, options: Options, rules: None) -> str:
    return option_choice(ballot, options)


def tally(options: Options, keys: Sequence[str], rules: None, ballots: BallotTally) -> Outcome:
    votes = Counter(keys)
    ranking = tiers_by(options.ids, lambda option: votes[option])
    first = votes[ranking[0][0]]
    sentence = leader_sentence(
        options,
        ranking,
        lambda option: votes[option],
        alone=_("{option} arrive en tête avec {amount} voix sur {valid} ({share})."),
        tied=_(
            "Les options {options} sont à égalité en tête avec {amount} voix chacune, sur {valid}."
        ),
        valid=number(ballots.valid),
        share=percent(first, ballots.valid),
    )
    return Outcome(
        ranking=ranking,
        figures={option: {"votes": votes[option]} for option in options.ids},
        details={},
        explanation=(sentence,),
    )


METHOD = Method("single", False, None, None, ballot_key, tally)
