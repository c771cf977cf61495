"""A vote as the application sees it: its setup, its state, and the plain views services return."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError
from civodesk.voting.counting import METHODS, rules_from
from civodesk.voting.result import VoteResult
from civodesk.voting.rules import VotingRulesError
from civodesk.voting.yes_no_abstain import ABSTAIN, NO, YES

TALLY_METHODS = frozenset({"yes_no_abstain", "single"})
"""Methods whose ballots are one choice, so counts per option say everything (show of hands)."""


class VoteStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Origin(StrEnum):
    """How a vote came in; for a secret vote it is recorded on the "a voté" mark only."""

    KIOSK = "kiosk"
    PAPER = "paper"
    PHONE = "phone"
    DESK = "desk"
    HANDS = "hands"


def method_label(method: str) -> str:
    return {
        "yes_no_abstain": _("Pour / contre / abstention"),
        "single": _("Choix unique"),
        "approval": _("Choix multiple (approbation)"),
        "dots": _("Gommettes"),
        "score": _("Notes"),
        "borda": _("Classement (Borda)"),
        "schulze": _("Classement (Condorcet-Schulze)"),
        "irv": _("Classement (vote alternatif)"),
        "majority_judgment": _("Jugement majoritaire"),
    }.get(method, method)


@dataclass(frozen=True)
class VoteOption:
    id: str
    label: str


def yes_no_options() -> tuple[VoteOption, ...]:
    return (
        VoteOption(YES, _("Pour")),
        VoteOption(NO, _("Contre")),
        VoteOption(ABSTAIN, _("Abstention")),
    )


def options_from_ideas(ideas: Sequence[Any]) -> tuple[VoteOption, ...]:
    """Options taken from ideas (or clusters): the idea's id, its text as the label."""
    return tuple(VoteOption(idea.id, " ".join(idea.text.split())) for idea in ideas)


@dataclass(frozen=True)
class VoteSetup:
    """What a facilitator fills in to prepare a vote. ``rules`` is the method's rules as a
    dictionary (``Rules.to_dict``), or ``None`` for the method's defaults."""

    question: str
    method: str
    options: tuple[VoteOption, ...]
    rules: Mapping[str, Any] | None = None
    secret: bool = True
    agenda_item_id: str | None = None
    projector_live: bool = False
    meeting_quorum: bool = False


def validate_setup(setup: VoteSetup) -> list[FieldError]:
    """Every problem with a setup, each a sentence tied to its field (nothing is written)."""
    errors: list[FieldError] = []
    if not setup.question.strip():
        errors.append(FieldError("question", _("Écrivez la question soumise au vote.")))
    if setup.method not in METHODS:
        errors.append(FieldError("method", _("Choisissez une méthode de vote.")))
        return errors
    ids = [option.id for option in setup.options]
    labels = [option.label.strip().casefold() for option in setup.options]
    if setup.method == "yes_no_abstain":
        if set(ids) - {YES, NO, ABSTAIN} or not {YES, NO} <= set(ids):
            errors.append(
                FieldError("options", _("Un vote pour/contre a les options Pour et Contre."))
            )
    elif len(setup.options) < 2:
        errors.append(FieldError("options", _("Proposez au moins deux options.")))
    if any(not label for label in labels):
        errors.append(FieldError("options", _("Une option n'a pas d'intitulé.")))
    elif len(set(labels)) != len(labels) or len(set(ids)) != len(ids):
        errors.append(FieldError("options", _("Deux options portent le même intitulé.")))
    try:
        checked_rules(setup.method, setup.rules)
    except (VotingRulesError, TypeError) as error:
        errors.append(FieldError("rules", str(error)))
    return errors


def checked_rules(method: str, rules: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A setup's rules checked and in canonical form, without presence figures: those of a
    yes/no vote (people present, registered) are filled in from check-in when it closes."""
    data = dict(rules) if rules else None
    if method == "yes_no_abstain" and data is not None:
        data["present"] = data["registered"] = None
        probe = {**data, "present": 0, "registered": 0}
        canonical = rules_from(method, probe)
        stored = {} if canonical is None else canonical.to_dict()
        return {**stored, "present": None, "registered": None}
    canonical = rules_from(method, data)
    return None if canonical is None else canonical.to_dict()


@dataclass(frozen=True)
class AttendanceSnapshot:
    """Presence and quorum when the vote closed (or now, for a live count)."""

    registered: int
    present: int
    represented: int
    quorum_required: int | None

    @property
    def voters(self) -> int:
        """People who may vote: present, plus the absent represented by a proxy."""
        return self.present + self.represented

    @property
    def quorum_met(self) -> bool | None:
        return None if self.quorum_required is None else self.present >= self.quorum_required

    def to_dict(self) -> dict[str, Any]:
        return {
            "registered": self.registered,
            "present": self.present,
            "represented": self.represented,
            "quorum_required": self.quorum_required,
            "quorum_met": self.quorum_met,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AttendanceSnapshot:
        return cls(
            data["registered"], data["present"], data["represented"], data["quorum_required"]
        )


@dataclass(frozen=True)
class VoteView:
    id: str
    meeting_id: str
    agenda_item_id: str | None
    question: str
    method: str
    options: tuple[VoteOption, ...]
    rules: Mapping[str, Any] | None
    secret: bool
    projector_live: bool
    meeting_quorum: bool
    status: VoteStatus
    revealed: bool
    voters: int
    snapshot: AttendanceSnapshot | None

    @property
    def labels(self) -> dict[str, str]:
        return {option.id: option.label for option in self.options}

    @property
    def takes_tally(self) -> bool:
        return self.method in TALLY_METHODS


@dataclass(frozen=True)
class NamedVote:
    """One line of a public vote's list: who voted, what, and how it came in."""

    participant_id: str
    name: str
    cast_by_name: str
    choice: str
    origin: Origin
    duplicate: bool


@dataclass(frozen=True)
class DoubleVote:
    """A person accepted by two desks offline: flagged for the facilitator, never dropped."""

    mark_event_id: str
    participant_id: str
    name: str
    origin: Origin
    reviewed: bool


@dataclass(frozen=True)
class VoteOutcome:
    """A vote's count with what it was counted from: the facilitator's and the projector's view.

    ``open_ballots`` are this desk's ballots still in its open box (counted in a live result);
    ``tallies`` the counts entered by hand per origin.
    """

    vote: VoteView
    result: VoteResult
    snapshot: AttendanceSnapshot
    marks: int
    open_ballots: int
    sealed_ballots: int
    tallies: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    named: tuple[NamedVote, ...] = ()
    doubles: tuple[DoubleVote, ...] = ()
    live: bool = True
