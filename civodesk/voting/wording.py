"""How counts read in an explanation: numbers, shares and lists in the current language.

The explanations are shown on a projector and printed in minutes, so numbers follow the reader's
conventions (``12 345`` and ``45,5 %`` in French) and shares keep one decimal: a rounded "50 %"
must not hide 49.6 %.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_decimal

from civodesk.i18n import _, current_language


def number(value: int) -> str:
    return str(format_decimal(value, locale=current_language()))


def percent(part: int, whole: int) -> str:
    """``part`` as a share of ``whole``, one decimal at most ("45,5 %"); "0 %" for an empty whole."""
    share = 0.0 if whole == 0 else 100 * part / whole
    text = format_decimal(share, format="#,##0.#", locale=current_language())
    return _("{share} %").format(share=text)


def listing(items: Sequence[str]) -> str:
    """``A``, ``A et B``, ``A, B et C`` (with the language's conjunction)."""
    quoted = [_("« {name} »").format(name=item) for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return _("{items} et {last}").format(items=", ".join(quoted[:-1]), last=quoted[-1])


def quoted(item: str) -> str:
    return _("« {name} »").format(name=item)
