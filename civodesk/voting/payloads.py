"""Declared payloads of the vote events (``civodesk.journal.payload_schema``).

The payloads are those ``VoteService`` writes, every field required (the ballot only on a public
vote's "a voté" mark). Beyond each field's shape, a vote's options and rules must be what its
method counts (unique option ids, the yes/no options, the rules in canonical form), a closed vote's
quorum verdict must follow from its figures, and a sealed box holds at most ``MAX_SEALED_BALLOTS``
ballots of one shape in canonical order, an order that says nothing of when each was cast. The
method is not in the ballot events, so a ballot is checked against the shapes of every method: an
option, a list of distinct options, options with whole numbers, or a blank or spoiled mark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from civodesk.i18n import _
from civodesk.ideas.idea import MAX_TEXT as MAX_IDEA_TEXT
from civodesk.journal.handlers import registry
from civodesk.journal.payload_schema import (
    INT32_MAX,
    Boolean,
    Choice,
    EventSchema,
    Id,
    Integer,
    Nested,
    PayloadError,
    Spec,
    Text,
)
from civodesk.voting.ballots import MARK_VALUES
from civodesk.voting.counting import METHODS
from civodesk.voting.handlers import (
    VOTE_BOX_SEALED,
    VOTE_CAST,
    VOTE_CLOSED,
    VOTE_CREATED,
    VOTE_DOUBLE_REVIEWED,
    VOTE_OPENED,
    VOTE_REMOVED,
    VOTE_RESTORED,
    VOTE_REVEALED,
    VOTE_TALLIED,
    votes_table,
)
from civodesk.voting.result import canonical_json
from civodesk.voting.rules import VotingRulesError
from civodesk.voting.vote import Origin, checked_rules
from civodesk.voting.yes_no_abstain import ABSTAIN, NO, YES

MAX_QUESTION = 20_000
MAX_OPTION_LABEL = MAX_IDEA_TEXT  # options are often ideas, their text as the label
MAX_OPTIONS = 500
MAX_RULE_NUMBER = 10_000  # dots per person, highest score, choices: far above any real vote
MAX_COUNT = 100_000  # one count entered by hand (the tally dialog's limit)
MAX_SEALED_BALLOTS = 100_000
SHARE = re.compile(r"[0-9]{1,12}(/[0-9]{1,12})?")  # str(Fraction): no exponent to expand
OPTION_ID = Id()
ORIGIN = Choice(frozenset(origin.value for origin in Origin))
RULES_FIELDS: Mapping[str, Mapping[str, Spec]] = {
    "yes_no_abstain": {
        "majority": Choice(frozenset({"simple", "absolute", "two_thirds", "custom"})),
        "base": Choice(frozenset({"cast", "valid", "present", "registered"})),
        "share": Text(25, 1, nullable=True, pattern=SHARE),
        "strict": Boolean(),
        "quorum": Integer(0, INT32_MAX, nullable=True),
        "present": Integer(0, INT32_MAX, nullable=True),
        "registered": Integer(0, INT32_MAX, nullable=True),
    },
    "approval": {"max_choices": Integer(1, MAX_RULE_NUMBER, nullable=True)},
    "dots": {
        "dots_per_person": Integer(1, MAX_RULE_NUMBER),
        "max_per_option": Integer(1, MAX_RULE_NUMBER),
    },
    "score": {"max_score": Integer(1, MAX_RULE_NUMBER)},
}
"""The rules each method takes (``Rules.to_dict``); a method not listed takes none."""
RULES_REQUIRED = frozenset(
    name for name, method in METHODS.items() if method.rules_type and method.default_rules is None
)


def _refused(name: str, message: str) -> PayloadError:
    """``message`` is a translated text with a ``{field}`` placeholder."""
    return PayloadError(name, message.format(field=name))


def _wrong_type(name: str, expected: str) -> PayloadError:
    return PayloadError(
        name, _("champ « {field} » : {expected} attendu").format(field=name, expected=expected)
    )


def _bounded_list(name: str, value: Any, max_items: int) -> list[Any]:
    if not isinstance(value, list):
        raise _wrong_type(name, _("une liste"))
    if len(value) > max_items:
        raise PayloadError(
            name,
            _("champ « {field} » : liste trop longue (au plus {limit})").format(
                field=name, limit=max_items
            ),
        )
    return value


class OptionNumbers(Spec):
    """Option ids mapped to whole numbers from 0 to ``maximum`` (counts, scores, dots)."""

    def __init__(self, maximum: int) -> None:
        self.value = Integer(0, maximum)

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(name, _("un objet"))
        if len(value) > MAX_OPTIONS:
            raise PayloadError(
                name,
                _("champ « {field} » : liste trop longue (au plus {limit})").format(
                    field=name, limit=MAX_OPTIONS
                ),
            )
        for option, number in value.items():
            OPTION_ID.check(name, option)
            self.value.check(name, number)


BALLOT_NUMBERS = OptionNumbers(MAX_RULE_NUMBER)


def ballot_shape(name: str, value: Any) -> str:
    """Check one ballot's JSON value; returns its shape: option, list, numbers or mark."""
    if isinstance(value, str):
        OPTION_ID.check(name, value)
        return "option"
    if isinstance(value, list):
        for option in _bounded_list(name, value, MAX_OPTIONS):
            OPTION_ID.check(name, option)
        if len(set(value)) != len(value):
            raise _refused(name, _("champ « {field} » : valeur en double"))
        return "list"
    if isinstance(value, dict) and set(value) == {"mark"} and isinstance(value["mark"], str):
        Choice(MARK_VALUES).check(name, value["mark"])
        return "mark"
    if isinstance(value, dict):
        BALLOT_NUMBERS.check(name, value)
        return "numbers"
    raise _wrong_type(name, _("un bulletin"))


class BallotValue(Spec):
    """One ballot as ``ballot_json`` writes it."""

    def check_value(self, name: str, value: Any) -> None:
        ballot_shape(name, value)


class SealedBallots(Spec):
    """A sealed box: ballots of one shape (one vote, one method), sorted by canonical text."""

    def check_value(self, name: str, value: Any) -> None:
        shapes = {
            ballot_shape(name, ballot) for ballot in _bounded_list(name, value, MAX_SEALED_BALLOTS)
        }
        if len(shapes - {"mark"}) > 1:
            raise _refused(name, _("champ « {field} » : bulletins de formes différentes"))
        texts = [canonical_json(ballot) for ballot in value]
        if any(before > after for before, after in pairwise(texts)):
            raise _refused(name, _("champ « {field} » : bulletins hors de l'ordre canonique"))


class VoteOptions(Spec):
    """The options of a vote: ``{"id", "label"}`` objects with distinct ids."""

    item = Nested({"id": OPTION_ID, "label": Text(MAX_OPTION_LABEL, 1)})

    def check_value(self, name: str, value: Any) -> None:
        for option in _bounded_list(name, value, MAX_OPTIONS):
            self.item.check(name, option)
        ids = [option["id"] for option in value]
        if len(set(ids)) != len(ids):
            raise _refused(f"{name}.id", _("champ « {field} » : valeur en double"))


class Snapshot(Nested):
    """Presence when the vote closed; ``quorum_met`` must follow from the figures."""

    def __init__(self) -> None:
        count = Integer(0, INT32_MAX)
        super().__init__(
            {
                "registered": count,
                "present": count,
                "represented": count,
                "quorum_required": Integer(0, INT32_MAX, nullable=True),
                "quorum_met": Boolean(nullable=True),
            }
        )

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        required = value["quorum_required"]
        if value["quorum_met"] != (None if required is None else value["present"] >= required):
            raise _refused(
                f"{name}.quorum_met",
                _("champ « {field} » : ne correspond pas aux présents et au quorum"),
            )


class MethodRules(Spec):
    """A method's rules, or None; their fields depend on the method (``VoteCreatedSchema``)."""

    nullable = True

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(name, _("un objet"))


class VoteCreatedSchema(EventSchema):
    """A new vote: besides each field, the options and rules must fit its method."""

    def validate(self, payload: Any, personal: Any) -> None:
        super().validate(payload, personal)
        method, options = payload["method"], payload["options"]
        ids = {option["id"] for option in options}
        fits = (
            {YES, NO} <= ids <= {YES, NO, ABSTAIN} if method == "yes_no_abstain" else len(ids) > 1
        )
        if not fits:
            raise _refused("options", _("champ « {field} » : non conforme à la méthode"))
        self._check_rules(method, payload["rules"])

    @staticmethod
    def _check_rules(method: str, rules: Any) -> None:
        fields = RULES_FIELDS.get(method)
        if rules is None:
            if method in RULES_REQUIRED:
                raise _refused("rules", _("champ « {field} » : valeur absente"))
            return
        if fields is None:
            raise _refused("rules", _("champ « {field} » : non conforme à la méthode"))
        Nested(fields).check("rules", rules)
        try:
            canonical = checked_rules(method, rules)
        except (VotingRulesError, ValueError, TypeError, ZeroDivisionError):
            canonical = None
        if canonical != rules:
            raise _refused("rules", _("champ « {field} » : non conforme à la méthode"))


VOTE_FIELDS: Mapping[str, Spec] = {
    "vote_id": Id(),
    "agenda_item_id": Id(nullable=True),
    "question": Text(MAX_QUESTION, 1),
    "method": Choice(frozenset(METHODS)),
    "options": VoteOptions(),
    "rules": MethodRules(),
    "secret": Boolean(),
    "projector_live": Boolean(),
    "meeting_quorum": Boolean(),
}
VOTE_ONLY: Mapping[str, Spec] = {"vote_id": Id()}
CAST_FIELDS: Mapping[str, Spec] = {
    "vote_id": Id(),
    "participant_id": Id(),
    "cast_by": Id(),
    "origin": ORIGIN,
    "ballot": BallotValue(),  # a public vote's choice; never on a secret vote's mark
}
COUNTS = Nested(
    {
        "options": OptionNumbers(MAX_COUNT),
        "blank": Integer(0, MAX_COUNT),
        "spoiled": Integer(0, MAX_COUNT),
    }
)


def _all(fields: Mapping[str, Spec]) -> frozenset[str]:
    return frozenset(fields)


registry.declare(
    VoteCreatedSchema(
        VOTE_CREATED,
        VOTE_FIELDS,
        required=_all(VOTE_FIELDS),
        creates=(votes_table, "vote_id"),
    ),
    *(
        EventSchema(event_type, VOTE_ONLY, required=_all(VOTE_ONLY))
        for event_type in (VOTE_REMOVED, VOTE_RESTORED, VOTE_OPENED)
    ),
    EventSchema(VOTE_CAST, CAST_FIELDS, required=_all(CAST_FIELDS) - {"ballot"}),
    EventSchema(
        VOTE_TALLIED,
        {"vote_id": Id(), "origin": ORIGIN, "counts": COUNTS},
        required=frozenset({"vote_id", "origin", "counts"}),
    ),
    EventSchema(
        VOTE_BOX_SEALED,
        {"vote_id": Id(), "ballots": SealedBallots()},
        required=frozenset({"vote_id", "ballots"}),
    ),
    EventSchema(
        VOTE_CLOSED,
        {"vote_id": Id(), "snapshot": Snapshot()},
        required=frozenset({"vote_id", "snapshot"}),
    ),
    EventSchema(
        VOTE_REVEALED,
        {"vote_id": Id(), "revealed": Boolean()},
        required=frozenset({"vote_id", "revealed"}),
    ),
    EventSchema(
        VOTE_DOUBLE_REVIEWED,
        {"vote_id": Id(), "mark_event_id": Id()},
        required=frozenset({"vote_id", "mark_event_id"}),
    ),
)
