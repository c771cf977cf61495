"""Ballots: their four shapes, the blank and spoiled marks, validation and canonical JSON.

A ballot is plain data so that it can be stored, sealed and synced as JSON:

- an option (``single``, ``yes_no_abstain``): ``"parc"``;
- a set of options (``approval``): ``{"parc", "piste"}``, JSON ``["parc", "piste"]`` (sorted);
- a mapping from option to a whole number (``dots``, ``score``, ``majority_judgment``):
  ``{"parc": 3}``;
- a list of options in order of preference (``borda``, ``schulze``, ``irv``): ``["piste", "parc"]``.

Blank and spoiled ballots are counted apart, as French counting requires. A ballot is blank when
it is :data:`BLANK` (or ``None``), or expresses nothing: an empty set, mapping or ranking, or, for
dots, no dot placed. A ballot is spoiled (nul) when it is :data:`SPOILED` (the tellers declared
it so, e.g. a paper ballot with a signature) or when it breaks the vote's rules; in JSON these are
``{"mark": "blank"}`` and ``{"mark": "spoiled"}``. Entry points refuse a rule-breaking ballot
with :class:`InvalidBallotError` (its ``message`` says why); :func:`civodesk.voting.count` never
fails on one but counts it as spoiled, with its reason, so a sealed box always counts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any

from civodesk.i18n import _
from civodesk.voting.rules import VotingRulesError
from civodesk.voting.wording import quoted


class Mark(Enum):
    BLANK = "blank"
    SPOILED = "spoiled"


BLANK = Mark.BLANK
SPOILED = Mark.SPOILED
MARK_VALUES = frozenset(mark.value for mark in Mark)

Ballot = str | Collection[str] | Mapping[str, int] | Mark | None

# Reason codes of a spoiled ballot (stable: they are stored in results).
DECLARED_SPOILED = "declared_spoiled"
WRONG_SHAPE = "wrong_shape"
UNKNOWN_OPTION = "unknown_option"
DUPLICATE_OPTION = "duplicate_option"
NOT_A_WHOLE_NUMBER = "not_a_whole_number"
TOO_MANY_CHOICES = "too_many_choices"
TOO_MANY_DOTS = "too_many_dots"
TOO_MANY_DOTS_ON_OPTION = "too_many_dots_on_option"
OUT_OF_RANGE = "out_of_range"


class InvalidBallotError(ValueError):
    """A ballot the vote's rules refuse: ``code`` is stable, ``message`` is for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Options:
    """The options of a vote: stable ids in display order, and the labels explanations use."""

    ids: tuple[str, ...]
    labels: Mapping[str, str]
    known: frozenset[str]

    @classmethod
    def of(cls, options: Sequence[str] | Mapping[str, str]) -> Options:
        if isinstance(options, str):
            raise VotingRulesError(_("Les options sont une liste, pas un seul texte."))
        if isinstance(options, Mapping):
            ids, labels = tuple(options), {key: str(options[key]) for key in options}
        else:
            ids = tuple(options)
            labels = {option: option for option in ids}
        if not ids:
            raise VotingRulesError(_("Un vote demande au moins une option."))
        if any(not isinstance(option, str) or not option.strip() for option in ids):
            raise VotingRulesError(_("Chaque option doit avoir un nom non vide."))
        if len(set(ids)) != len(ids):
            raise VotingRulesError(_("Deux options portent le même nom."))
        return cls(ids, MappingProxyType(labels), frozenset(ids))

    def label(self, option: str) -> str:
        return self.labels[option]


def unknown_option(option: object) -> InvalidBallotError:
    return InvalidBallotError(
        UNKNOWN_OPTION,
        _("{option} n'est pas une option de ce vote.").format(option=quoted(str(option))),
    )


def wrong_shape(expected: str) -> InvalidBallotError:
    return InvalidBallotError(
        WRONG_SHAPE,
        _("Ce bulletin n'a pas la forme attendue : {expected}.").format(expected=expected),
    )


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def option_choice(ballot: object, options: Options) -> str:
    """A ballot naming one option."""
    if not isinstance(ballot, str):
        raise wrong_shape(_("une option"))
    if ballot not in options.labels:
        raise unknown_option(ballot)
    return ballot


def option_set(ballot: object, options: Options) -> frozenset[str]:
    """A ballot naming several distinct options, in no order."""
    if isinstance(ballot, str | Mapping) or not isinstance(ballot, Collection):
        raise wrong_shape(_("un ensemble d'options"))
    for option in ballot:
        if not isinstance(option, str) or option not in options.labels:
            raise unknown_option(option)
    chosen = frozenset(ballot)
    if len(chosen) != len(ballot):
        raise InvalidBallotError(DUPLICATE_OPTION, _("Une option y est choisie deux fois."))
    return chosen


def ranking(ballot: object, options: Options) -> tuple[str, ...]:
    """A ballot listing distinct options from the most to the least preferred."""
    if isinstance(ballot, str | Mapping) or not isinstance(ballot, Sequence):
        raise wrong_shape(_("une liste d'options dans l'ordre de préférence"))
    ranked = tuple(ballot)
    for option in ranked:
        if not isinstance(option, str) or option not in options.labels:
            raise unknown_option(option)
    if len(set(ranked)) != len(ranked):
        raise InvalidBallotError(DUPLICATE_OPTION, _("Une option y est classée deux fois."))
    return ranked


def number_mapping(ballot: object, options: Options, low: int, high: int) -> Mapping[str, int]:
    """A ballot giving options whole numbers from ``low`` to ``high``; ``OUT_OF_RANGE`` otherwise."""
    if not isinstance(ballot, Mapping):
        raise wrong_shape(_("une option associée à un nombre"))
    for option, value in ballot.items():
        if option not in options.labels:
            raise unknown_option(option)
        if not is_whole(value):
            raise InvalidBallotError(
                NOT_A_WHOLE_NUMBER,
                _("La valeur donnée à {option} n'est pas un nombre entier.").format(
                    option=quoted(options.label(option))
                ),
            )
        if not low <= value <= high:
            raise InvalidBallotError(
                OUT_OF_RANGE,
                _("La valeur donnée à {option} ({value}) doit être entre {low} et {high}.").format(
                    option=quoted(options.label(option)), value=value, low=low, high=high
                ),
            )
    return ballot


def mark_of(ballot: object) -> Mark | None:
    if ballot is None:
        return BLANK
    return ballot if isinstance(ballot, Mark) else None


def ballot_to_json(ballot: Ballot) -> Any:
    """The canonical JSON value of a ballot (sets become sorted lists, marks small objects)."""
    if ballot is None:
        return {"mark": BLANK.value}
    if isinstance(ballot, Mark):
        return {"mark": ballot.value}
    if isinstance(ballot, str):
        return ballot
    if isinstance(ballot, Mapping):
        return {str(option): ballot[option] for option in sorted(ballot, key=str)}
    if isinstance(ballot, Sequence):
        return list(ballot)
    return sorted(ballot, key=str)


def ballot_from_json(data: Any, *, ordered: bool) -> Ballot:
    """A ballot back from JSON; ``ordered`` says whether a list is a ranking or a set."""
    if isinstance(data, dict) and set(data) == {"mark"} and data["mark"] in MARK_VALUES:
        return Mark(data["mark"])
    if isinstance(data, list) and not ordered and all(isinstance(item, str) for item in data):
        return frozenset(data)
    if isinstance(data, list):
        return tuple(data)
    return data  # type: ignore[no-any-return]
