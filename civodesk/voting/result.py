"""What a count returns: a frozen result that turns into canonical JSON.

Every figure is a whole number (shares are left to the reader: counts never round), so the JSON
of a result is exact and the same on every device. The explanation is written in the language
that was current when counting; counting again in another language gives the same figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

Json = None | bool | int | str | Sequence["Json"] | Mapping[str, "Json"]
Figures = Mapping[str, Json]
Ranking = tuple[tuple[str, ...], ...]


def freeze(value: Any) -> Any:
    """A read-only copy of JSON-shaped data: mappings become read-only, lists become tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(key): freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Plain ``dict``/``list`` JSON data back from :func:`freeze`."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(item) for item in value]
    return value


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8: the same text for the same data on every device."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class BallotTally:
    """How many ballots there were, and which did not count (blank, spoiled and why)."""

    ballots: int
    valid: int
    blank: int
    spoiled: int
    spoiled_reasons: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ballots": self.ballots,
            "valid": self.valid,
            "blank": self.blank,
            "spoiled": self.spoiled,
            "spoiled_reasons": dict(sorted(self.spoiled_reasons.items())),
        }


@dataclass(frozen=True)
class Outcome:
    """What a method's counting function decides, before it is wrapped into a :class:`VoteResult`.

    ``figures`` has one entry per option; ``details`` holds the method's own tables (pairwise
    matrix, rounds...); ``explanation`` is a list of sentences.
    """

    ranking: Ranking
    figures: Mapping[str, Figures]
    details: Mapping[str, Json]
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class VoteResult:
    """The result of one count.

    ``ranking`` is a tuple of tiers from first to last; options that tie share a tier (in the
    order the options were given). ``figures`` maps each option to its figures and ``details``
    holds the method-wide tables; docs/voting.md lists both for every method.
    """

    method: str
    options: tuple[str, ...]
    labels: Mapping[str, str]
    rules: Mapping[str, Json] | None
    tally: BallotTally
    ranking: Ranking
    figures: Mapping[str, Figures]
    details: Mapping[str, Json]
    explanation: str

    @property
    def winners(self) -> tuple[str, ...]:
        """The first tier: one option, several when they tie, none when nothing was ranked."""
        return self.ranking[0] if self.ranking else ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "options": [{"id": option, "label": self.labels[option]} for option in self.options],
            "rules": thaw(self.rules),
            "tally": self.tally.to_dict(),
            "ranking": [list(tier) for tier in self.ranking],
            "figures": thaw(self.figures),
            "details": thaw(self.details),
            "explanation": self.explanation,
        }

    def to_json(self) -> str:
        return canonical_json(self.to_dict())


def tiers_by(options: Sequence[str], key: Callable[[str], Any]) -> Ranking:
    """Options grouped by equal ``key`` (larger is better), best first; a tier keeps option order."""
    groups: dict[Any, list[str]] = {}
    for option in options:
        groups.setdefault(key(option), []).append(option)
    return tuple(tuple(groups[value]) for value in sorted(groups, reverse=True))
