"""The rules of a vote, as frozen dataclasses checked when they are made.

A rules object is part of what a result states (the minutes must say on which base a majority
was counted), so each has a canonical ``to_dict`` and reads back with ``from_dict``. Invalid rules raise :class:`VotingRulesError`
with a sentence the user can act on; nothing is counted with rules that do not make sense.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from civodesk.i18n import _


class VotingRulesError(ValueError):
    """Rules, options or figures that cannot be counted; the message is for the user."""


class Majority(StrEnum):
    """How many "yes" votes adopt a motion, out of the base (:class:`Base`)."""

    SIMPLE = "simple"  # more "yes" than "no" (majorité simple / relative)
    ABSOLUTE = "absolute"  # more than half of the base; exactly half is not enough
    TWO_THIRDS = "two_thirds"  # at least two thirds of the base
    CUSTOM = "custom"  # at least (or, if strict, more than) a given share of the base


class Base(StrEnum):
    """What a majority is a share of."""

    CAST = "cast"  # suffrages exprimés: "yes" + "no"
    VALID = "valid"  # every ballot except spoiled ones: "yes" + "no" + abstentions + blank
    PRESENT = "present"  # members present or represented (given in the rules)
    REGISTERED = "registered"  # registered members (given in the rules)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _exact_share(value: object) -> Fraction | None:
    """A share as an exact fraction; a float is read as the decimal it shows (0.6 is 3/5)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return Fraction(str(value))
    if isinstance(value, Fraction | int | str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _known_fields(rules_type: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (from ``to_dict``) checked to hold only fields of ``rules_type``."""
    names = {field.name for field in dataclasses.fields(rules_type)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise VotingRulesError(
            _("Règles de vote inconnues : {names}.").format(names=", ".join(map(str, unknown)))
        )
    return dict(data)


@dataclass(frozen=True)
class YesNoRules:
    """Rules of a yes/no/abstain vote (pour/contre/abstention).

    ``share`` (custom majority only) is a :class:`~fractions.Fraction` such as ``Fraction(3, 5)``;
    ``"3/5"`` and ``0.6`` are read as the same exact share.
    ``present`` and ``registered`` are the presence figures when the vote closes (people present
    or represented, and registered); they are needed for the bases that use them and for the
    quorum, which is the number of people that must be present (``None``: no quorum).
    """

    majority: Majority = Majority.SIMPLE
    base: Base = Base.CAST
    share: Fraction | None = None
    strict: bool = False
    quorum: int | None = None
    present: int | None = None
    registered: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "majority", Majority(self.majority))
        object.__setattr__(self, "base", Base(self.base))
        if self.majority is Majority.CUSTOM:
            share = _exact_share(self.share)
            if share is None or not 0 < share <= 1:
                raise VotingRulesError(
                    _("Une majorité personnalisée demande une part comprise entre 0 et 1.")
                )
            if self.strict and share == 1:
                raise VotingRulesError(
                    _(
                        "Plus que la totalité de la base n'est jamais atteint : choisissez « au moins »."
                    )
                )
            object.__setattr__(self, "share", share)
        elif self.share is not None or self.strict:
            raise VotingRulesError(
                _("Seule une majorité personnalisée prend une part et l'option « strictement ».")
            )
        if self.majority is Majority.SIMPLE and self.base is not Base.CAST:
            raise VotingRulesError(
                _("La majorité simple se compte sur les suffrages exprimés, sans autre base.")
            )
        for name, value in (
            (_("Le quorum"), self.quorum),
            (_("Le nombre de présents"), self.present),
            (_("Le nombre d'inscrits"), self.registered),
        ):
            if value is not None and (not _whole(value) or value < 0):
                raise VotingRulesError(
                    _("{name} doit être un nombre entier positif ou nul.").format(name=name)
                )
        if (self.base is Base.PRESENT or self.quorum is not None) and self.present is None:
            raise VotingRulesError(
                _("Le nombre de présents est nécessaire pour cette base ou ce quorum.")
            )
        if self.base is Base.REGISTERED and self.registered is None:
            raise VotingRulesError(_("Le nombre d'inscrits est nécessaire pour cette base."))
        if (
            self.present is not None
            and self.registered is not None
            and self.present > self.registered
        ):
            raise VotingRulesError(_("Il ne peut pas y avoir plus de présents que d'inscrits."))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YesNoRules:
        fields = dict(_known_fields(cls, data))
        fields["share"] = None if fields.get("share") is None else Fraction(fields["share"])
        return cls(**fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "majority": self.majority.value,
            "base": self.base.value,
            "share": None if self.share is None else str(self.share),
            "strict": self.strict,
            "quorum": self.quorum,
            "present": self.present,
            "registered": self.registered,
        }


@dataclass(frozen=True)
class ApprovalRules:
    """At most ``max_choices`` options approved on one ballot (``None``: any number)."""

    max_choices: int | None = None

    def __post_init__(self) -> None:
        if self.max_choices is not None and (not _whole(self.max_choices) or self.max_choices < 1):
            raise VotingRulesError(_("Le nombre maximal de choix doit être au moins 1."))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ApprovalRules:
        return cls(**_known_fields(cls, data))

    def to_dict(self) -> dict[str, Any]:
        return {"max_choices": self.max_choices}


@dataclass(frozen=True)
class DotsRules:
    """Each person places up to ``dots_per_person`` dots, at most ``max_per_option`` on one option."""

    dots_per_person: int
    max_per_option: int

    def __post_init__(self) -> None:
        if not _whole(self.dots_per_person) or self.dots_per_person < 1:
            raise VotingRulesError(_("Chaque personne doit disposer d'au moins une gommette."))
        if not _whole(self.max_per_option) or not 1 <= self.max_per_option <= self.dots_per_person:
            raise VotingRulesError(
                _(
                    "Le maximum de gommettes sur une option doit être entre 1 et le nombre de "
                    "gommettes par personne ({dots})."
                ).format(dots=self.dots_per_person)
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DotsRules:
        return cls(**_known_fields(cls, data))

    def to_dict(self) -> dict[str, Any]:
        return {"dots_per_person": self.dots_per_person, "max_per_option": self.max_per_option}


@dataclass(frozen=True)
class ScoreRules:
    """Each option gets a whole score from 0 to ``max_score``."""

    max_score: int

    def __post_init__(self) -> None:
        if not _whole(self.max_score) or self.max_score < 1:
            raise VotingRulesError(_("La note maximale doit être au moins 1."))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreRules:
        return cls(**_known_fields(cls, data))

    def to_dict(self) -> dict[str, Any]:
        return {"max_score": self.max_score}


Rules = YesNoRules | ApprovalRules | DotsRules | ScoreRules
