"""Yes / no / abstain (pour / contre / abstention), with a majority, a base and a quorum.

A ballot is ``"yes"``, ``"no"`` or ``"abstain"`` (the options must be these, "abstain" being
optional). The motion is adopted when the "yes" votes reach the majority (:class:`Majority`) of
the base (:class:`Base`), and the quorum, if any, is met by the people present. The majorities:

- simple: more "yes" than "no" (counted on the votes cast only); a tie is not adopted;
- absolute: more than half of the base; exactly half is not adopted;
- two thirds: at least two thirds of the base;
- custom: at least the given share of the base (more than it, if ``strict``).

At least one "yes" is always needed. The bases: votes cast (suffrages exprimés, "yes" + "no");
valid ballots ("yes" + "no" + abstentions + blank: every ballot except spoiled ones); present or
represented; registered. Blank and spoiled ballots are reported apart and are never votes cast.
A president's casting vote (voix prépondérante) is not applied: a tie is reported as a tie.

Ranking: the decision, ``(("yes",), ("no",))`` when adopted, ``(("no",), ("yes",))`` otherwise
(abstentions are not ranked). Figures per option: ``votes``. Details: ``base``, ``needed``,
``majority_reached``, ``quorum_met`` (``None`` without a quorum) and ``adopted``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import Options, option_choice
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome
from civodesk.voting.rules import Base, Majority, VotingRulesError, YesNoRules
from civodesk.voting.wording import number

YES = "yes"
NO = "no"
ABSTAIN = "abstain"
CHOICES = (YES, NO, ABSTAIN)


def check_options(options: Options) -> Options:
    """The options must be yes and no, and may include abstain; labels default to the French."""
    if not {YES, NO} <= set(options.ids) <= set(CHOICES):
        raise VotingRulesError(
            _("Un vote pour/contre a pour options « yes », « no » et, au choix, « abstain ».")
        )
    if dict(options.labels) != {option: option for option in options.ids}:
        return options
    default = {YES: _("Pour"), NO: _("Contre"), ABSTAIN: _("Abstention")}
    return Options.of({option: default[option] for option in options.ids})


def ballot_key(ballot: object, options: Options, rules: YesNoRules) -> str:
    return option_choice(ballot, options)


def base_of(rules: YesNoRules, votes: Counter[str], ballots: BallotTally) -> int:
    if rules.base is Base.CAST:
        return votes[YES] + votes[NO]
    if rules.base is Base.VALID:
        return ballots.valid + ballots.blank
    size = rules.present if rules.base is Base.PRESENT else rules.registered
    assert size is not None  # checked by YesNoRules
    if ballots.ballots > size:
        raise VotingRulesError(
            _(
                "{ballots} bulletins pour une base de {base} personnes : les chiffres ne concordent pas."
            ).format(ballots=ballots.ballots, base=size)
        )
    return size


def votes_needed(rules: YesNoRules, base: int, against: int) -> int:
    if rules.majority is Majority.SIMPLE:
        needed = against + 1
    elif rules.majority is Majority.ABSOLUTE:
        needed = base // 2 + 1
    elif rules.majority is Majority.TWO_THIRDS:
        needed = -(-2 * base // 3)  # the ceiling of two thirds, in whole numbers
    else:
        assert rules.share is not None
        product = rules.share * base
        needed = math.floor(product) + 1 if rules.strict else math.ceil(product)
    return max(1, needed)


def tally(
    options: Options, keys: Sequence[str], rules: YesNoRules, ballots: BallotTally
) -> Outcome:
    votes = Counter(keys)
    base = base_of(rules, votes, ballots)
    needed = votes_needed(rules, base, votes[NO])
    majority_reached = votes[YES] >= needed
    quorum_met = None
    if rules.quorum is not None:
        assert rules.present is not None
        quorum_met = rules.present >= rules.quorum
    adopted = majority_reached and quorum_met is not False
    return Outcome(
        ranking=((YES,), (NO,)) if adopted else ((NO,), (YES,)),
        figures={option: {"votes": votes[option]} for option in options.ids},
        details={
            "base": base,
            "needed": needed,
            "majority_reached": majority_reached,
            "quorum_met": quorum_met,
            "adopted": adopted,
        },
        explanation=explain(options, rules, votes, base, needed, quorum_met, adopted),
    )


def majority_sentence(rules: YesNoRules, base: int, needed: int) -> str:
    if rules.majority is Majority.SIMPLE:
        return _("Majorité simple : il faut plus de voix pour que contre.")
    base_names = {
        Base.CAST: _("des suffrages exprimés (pour et contre)"),
        Base.VALID: _("des bulletins valables (tous sauf les nuls)"),
        Base.PRESENT: _("des présents et représentés"),
        Base.REGISTERED: _("des inscrits"),
    }
    if rules.majority is Majority.ABSOLUTE:
        kind = _("Majorité absolue")
    elif rules.majority is Majority.TWO_THIRDS:
        kind = _("Majorité des deux tiers")
    else:
        assert rules.share is not None
        template = _("Plus de {share}") if rules.strict else _("Au moins {share}")
        kind = template.format(share=f"{rules.share.numerator}/{rules.share.denominator}")
    return _("{kind} {base}, soit {size} : il faut au moins {needed} voix pour.").format(
        kind=kind, base=base_names[rules.base], size=number(base), needed=number(needed)
    )


def explain(
    options: Options,
    rules: YesNoRules,
    votes: Counter[str],
    base: int,
    needed: int,
    quorum_met: bool | None,
    adopted: bool,
) -> tuple[str, ...]:
    counts = _("Pour : {yes} ; contre : {no}").format(yes=number(votes[YES]), no=number(votes[NO]))
    if ABSTAIN in options.ids:
        counts = _("{counts} ; abstentions : {abstain}").format(
            counts=counts, abstain=number(votes[ABSTAIN])
        )
    lines = [counts + ".", majority_sentence(rules, base, needed)]
    if quorum_met is not None:
        template = (
            _("Quorum atteint : {present} présents ou représentés pour {quorum} requis.")
            if quorum_met
            else _("Quorum non atteint : {present} présents ou représentés pour {quorum} requis.")
        )
        lines.append(
            template.format(present=number(rules.present or 0), quorum=number(rules.quorum or 0))
        )
    if adopted:
        lines.append(_("La proposition est adoptée."))
    elif quorum_met is False:
        lines.append(_("La proposition n'est pas adoptée, faute de quorum."))
    elif rules.majority is Majority.SIMPLE and votes[YES] == votes[NO]:
        lines.append(_("Partage des voix : la proposition n'est pas adoptée."))
    else:
        lines.append(
            _("La proposition n'est pas adoptée : {yes} voix pour, il en fallait {needed}.").format(
                yes=number(votes[YES]), needed=number(needed)
            )
        )
    return tuple(lines)


METHOD = Method("yes_no_abstain", False, YesNoRules, YesNoRules(), ballot_key, tally, check_options)
