"""The sentence naming who comes first, shared by the methods that add up a number per option."""

from __future__ import annotations

from collections.abc import Callable

from civodesk.i18n import _
from civodesk.voting.ballots import Options
from civodesk.voting.result import Ranking
from civodesk.voting.wording import listing, number, quoted


def leader_sentence(
    options: Options,
    ranking: Ranking,
    amount: Callable[[str], int],
    *,
    alone: str,
    tied: str,
    **extra: str,
) -> str:
    """``alone`` (placeholders ``{option}``, ``{amount}``) or ``tied`` (``{options}``, ``{amount}``)
    filled for the first tier, with the ``extra`` placeholders; a sentence saying nothing was
    expressed when every amount is 0.
    """
    first = ranking[0]
    if amount(first[0]) == 0:
        return _("Aucune option n'a reçu de suffrage : elles sont toutes à égalité.")
    value = number(amount(first[0]))
    if len(first) == 1:
        return alone.format(option=quoted(options.label(first[0])), amount=value, **extra)
    labels = [options.label(option) for option in first]
    return tied.format(options=listing(labels), amount=value, **extra)
