"""Approval (vote par approbation, choix multiple): each ballot approves a set of options.

``ApprovalRules.max_choices`` caps how many options one ballot may approve; a ballot over the cap
is spoiled. The option approved by the most ballots comes first. Ties: options approved by as
many ballots share a tier. Figures per option: ``approvals``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import TOO_MANY_CHOICES, InvalidBallotError, Options, option_set
from civodesk.voting.leaders import leader_sentence
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, tiers_by
from civodesk.voting.rules import ApprovalRules
from civodesk.voting.wording import number, percent


def ballot_key(ballot: object, options: Options, rules: ApprovalRules) -> frozenset[str] | None:
    chosen = option_set(ballot, options)
    if rules.max_choices is not None and len(chosen) > rules.max_choices:
        raise InvalidBallotError(
            TOO_MANY_CHOICES,
            _("{count} options choisies : au plus {limit} sont permises.").format(
                count=len(chosen), limit=rules.max_choices
            ),
        )
    return chosen or None


def tally(
    options: Options, keys: Sequence[frozenset[str]], rules: ApprovalRules, ballots: BallotTally
) -> Outcome:
    approvals: Counter[str] = Counter()
    for chosen, times in Counter(keys).items():
        for option in chosen:
            approvals[option] += times
    ranking = tiers_by(options.ids, lambda option: approvals[option])
    first = approvals[ranking[0][0]]
    sentence = leader_sentence(
        options,
        ranking,
        lambda option: approvals[option],
        alone=_(
            "L'option {option} est approuvée par le plus de bulletins : {amount} sur {valid} ({share})."
        ),
        tied=_(
            "Les options {options} sont à égalité en tête, approuvées chacune par {amount} bulletins sur {valid}."
        ),
        valid=number(ballots.valid),
        share=percent(first, ballots.valid),
    )
    return Outcome(
        ranking=ranking,
        figures={option: {"approvals": approvals[option]} for option in options.ids},
        details={},
        explanation=(sentence,),
    )


METHOD = Method("approval", False, ApprovalRules, ApprovalRules(), ballot_key, tally)
