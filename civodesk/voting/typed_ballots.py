"""Paper ballots typed fast at the keyboard: a short line per ballot, read into a ballot.

- ``b`` (blanc) is a blank ballot, ``n`` (nul) a spoiled one, whatever the method;
- one-choice methods: the option's number (``2``); for a yes/no vote also ``p`` (pour),
  ``c`` (contre), ``a`` (abstention);
- approval: the numbers of the options ticked (``1 3``);
- rankings: the numbers in order of preference (``3 1 2``), possibly fewer;
- dots and scores: one number per option, in order (``4 0 2``; missing ones are 0);
- majority judgment: one grade per option, in order, ``1`` for Excellent to ``7`` for À rejeter
  (``2 5 1``; an option left out is ungraded, hence À rejeter).

Numbers may be separated by spaces, commas or semicolons, or typed as one run of single digits
when every option number is below 10 (``312``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import BLANK, SPOILED, Ballot
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.yes_no_abstain import ABSTAIN, NO, YES

RANKED = frozenset({"borda", "schulze", "irv"})
YES_NO_KEYS = {"p": YES, "c": NO, "a": ABSTAIN}


class TypedBallotError(ValueError):
    """The line cannot be read as a ballot; the message says what to type."""


def _numbers(text: str, options: int) -> list[int]:
    parts = [part for part in re.split(r"[\s,;]+", text) if part]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) > 1 and options < 10:
        parts = list(parts[0])
    if not all(part.isdigit() for part in parts):
        raise TypedBallotError(_("Tapez des numéros d'option, b pour blanc ou n pour nul."))
    return [int(part) for part in parts]


def read_typed_ballot(method: str, option_ids: Sequence[str], text: str) -> Ballot:
    """The ballot a typed line stands for; raises :class:`TypedBallotError` when unreadable."""
    line = text.strip().casefold()
    if line in {"b", "blanc"}:
        return BLANK
    if line in {"n", "nul"}:
        return SPOILED
    if method == "yes_no_abstain" and line in YES_NO_KEYS and YES_NO_KEYS[line] in option_ids:
        return YES_NO_KEYS[line]
    if not line:
        raise TypedBallotError(_("Ligne vide : tapez le bulletin, puis Entrée."))
    numbers = _numbers(line, len(option_ids))
    if method in {"dots", "score", "majority_judgment"}:
        if len(numbers) > len(option_ids):
            raise TypedBallotError(
                _("Une valeur par option, {count} au plus.").format(count=len(option_ids))
            )
        if method == "majority_judgment":
            if any(not 1 <= n <= len(GRADES) for n in numbers):
                raise TypedBallotError(
                    _("Mentions de 1 (Excellent) à {last} (À rejeter).").format(last=len(GRADES))
                )
            return {option: n - 1 for option, n in zip(option_ids, numbers, strict=False)}
        return {option: n for option, n in zip(option_ids, numbers, strict=False) if n}
    if any(not 1 <= n <= len(option_ids) for n in numbers):
        raise TypedBallotError(
            _("Les options sont numérotées de 1 à {count}.").format(count=len(option_ids))
        )
    chosen = [option_ids[n - 1] for n in numbers]
    if method in RANKED:
        return chosen
    if method == "approval":
        return frozenset(chosen)
    if len(chosen) != 1:
        raise TypedBallotError(_("Un seul numéro pour ce vote."))
    return chosen[0]
