"""The public counting function and ballot validation, for every method.

``count`` sorts the ballots into valid, blank and spoiled (with each spoiled ballot's reason),
then hands the valid ones to the method. Nothing depends on the order of the ballots, and the
result is the same for the same ballots, options and rules on every device.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from civodesk.i18n import _
from civodesk.voting import (
    approval,
    borda,
    dots,
    irv,
    majority_judgment,
    schulze,
    score,
    single,
    yes_no_abstain,
)
from civodesk.voting.ballots import (
    DECLARED_SPOILED,
    SPOILED,
    Ballot,
    InvalidBallotError,
    Mark,
    Options,
    ballot_from_json,
    ballot_to_json,
    mark_of,
)
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Json, VoteResult, canonical_json, freeze
from civodesk.voting.rules import Rules, VotingRulesError
from civodesk.voting.wording import number

METHODS: Mapping[str, Method] = {
    module.METHOD.name: module.METHOD
    for module in (
        yes_no_abstain,
        single,
        approval,
        dots,
        score,
        borda,
        schulze,
        irv,
        majority_judgment,
    )
}


def method_named(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise VotingRulesError(
            _("Méthode de vote inconnue : « {name} ».").format(name=name)
        ) from None


def rules_for(method: Method, rules: Rules | None) -> Any:
    if method.rules_type is None:
        if rules is not None:
            raise VotingRulesError(_("Cette méthode de vote ne prend pas de règles."))
        return None
    if rules is None:
        if method.default_rules is None:
            raise VotingRulesError(
                _("Cette méthode de vote demande ses règles ({rules}).").format(
                    rules=method.rules_type.__name__
                )
            )
        return method.default_rules
    if not isinstance(rules, method.rules_type):
        raise VotingRulesError(
            _("Cette méthode de vote prend des règles {expected}, pas {given}.").format(
                expected=method.rules_type.__name__, given=type(rules).__name__
            )
        )
    return rules


def rules_from(method: str, data: Mapping[str, Any] | None) -> Rules | None:
    """Rules of ``method`` back from their ``to_dict`` form (``None`` stays ``None``)."""
    spec = method_named(method)
    if data is None:
        return None
    if spec.rules_type is None:
        raise VotingRulesError(_("Cette méthode de vote ne prend pas de règles."))
    return spec.rules_type.from_dict(data)


def validate_ballot(
    method: str,
    options: Sequence[str] | Mapping[str, str],
    ballot: Ballot,
    rules: Rules | None = None,
) -> None:
    """Refuse a ballot the vote's rules do not allow, with :class:`InvalidBallotError` saying why.

    Blank ballots and ballots marked spoiled pass: they are legitimate, and counted apart.
    """
    spec = method_named(method)
    checked_rules = rules_for(spec, rules)
    choices = spec.check_options(Options.of(options))
    if mark_of(ballot) is None:
        spec.ballot_key(ballot, choices, checked_rules)


def count(
    method: str,
    options: Sequence[str] | Mapping[str, str],
    ballots: Iterable[Ballot],
    rules: Rules | None = None,
) -> VoteResult:
    """Count ``ballots`` with ``method``; ``options`` are ids, or a mapping from id to label.

    Raises :class:`VotingRulesError` for an unknown method, bad options or rules that do not fit
    the method; a ballot that breaks the rules is counted as spoiled, never raised.
    """
    spec = method_named(method)
    checked_rules = rules_for(spec, rules)
    choices = spec.check_options(Options.of(options))
    keys: list[Any] = []
    blank = 0
    reasons: Counter[str] = Counter()
    ballot_key = spec.ballot_key
    for ballot in ballots:
        if ballot is None or type(ballot) is Mark:
            if ballot is SPOILED:
                reasons[DECLARED_SPOILED] += 1
            else:
                blank += 1
            continue
        try:
            key = ballot_key(ballot, choices, checked_rules)
        except InvalidBallotError as refused:
            reasons[refused.code] += 1
            continue
        if key is None:
            blank += 1
        else:
            keys.append(key)
    spoiled = sum(reasons.values())
    tally = BallotTally(
        ballots=len(keys) + blank + spoiled,
        valid=len(keys),
        blank=blank,
        spoiled=spoiled,
        spoiled_reasons=freeze(dict(sorted(reasons.items()))),
    )
    outcome = spec.tally(choices, keys, checked_rules, tally)
    counted = _(
        "Bulletins : {ballots} ; valables : {valid} ; blancs : {blank} ; nuls : {spoiled}."
    ).format(
        ballots=number(tally.ballots),
        valid=number(tally.valid),
        blank=number(tally.blank),
        spoiled=number(tally.spoiled),
    )
    return VoteResult(
        method=spec.name,
        options=choices.ids,
        labels=choices.labels,
        rules=None if checked_rules is None else freeze(checked_rules.to_dict()),
        tally=tally,
        ranking=outcome.ranking,
        figures=freeze(outcome.figures),
        details=freeze(outcome.details),
        explanation="\n".join((counted, *outcome.explanation)),
    )


def ballot_json(method: str, ballot: Ballot) -> Json:
    """The canonical JSON value of one ballot of ``method``."""
    method_named(method)
    return ballot_to_json(ballot)  # type: ignore[no-any-return]


def ballot_from(method: str, data: Any) -> Ballot:
    """A ballot of ``method`` back from its JSON value (lists are rankings or sets by method)."""
    return ballot_from_json(data, ordered=method_named(method).ordered)


def sealed_order(method: str, ballots: Iterable[Ballot]) -> list[Json]:
    """The ballots as JSON values sorted by their canonical text: an order that says nothing
    about when each was cast, for sealing a secret ballot box."""
    values = [ballot_json(method, ballot) for ballot in ballots]
    return sorted(values, key=canonical_json)
