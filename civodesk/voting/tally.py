"""Counts entered by hand: a show of hands, or the totals of paper ballots counted on the table.

A tally is counts, not ballots, and is journaled as such; to be counted with the rest it becomes
that many one-choice ballots (only methods whose ballot is one choice take a tally). Its total is
checked against the people who may vote (present, plus represented by a proxy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from civodesk.i18n import _
from civodesk.voting.ballots import BLANK, SPOILED, Ballot


@dataclass(frozen=True)
class Tally:
    per_option: Mapping[str, int]
    blank: int = 0
    spoiled: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_option.values()) + self.blank + self.spoiled

    def to_dict(self) -> dict[str, Any]:
        return {
            "options": dict(sorted(self.per_option.items())),
            "blank": self.blank,
            "spoiled": self.spoiled,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tally:
        return cls(dict(data["options"]), int(data.get("blank", 0)), int(data.get("spoiled", 0)))

    def ballots(self) -> list[Ballot]:
        """The tally as one-choice ballots, so ``count`` sees it like any other entry."""
        out: list[Ballot] = []
        for option, number in sorted(self.per_option.items()):
            out.extend([option] * number)
        out.extend([BLANK] * self.blank)
        out.extend([SPOILED] * self.spoiled)
        return out


def tally_problems(tally: Tally, options: Sequence[str]) -> list[str]:
    """Counts that cannot be right whatever the room: unknown options, negative numbers."""
    problems = []
    unknown = sorted(set(tally.per_option) - set(options))
    if unknown:
        problems.append(_("Options inconnues : {names}.").format(names=", ".join(unknown)))
    numbers = [*tally.per_option.values(), tally.blank, tally.spoiled]
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers):
        problems.append(_("Chaque nombre doit être un entier positif ou nul."))
    return problems


def excess_over_voters(total_votes: int, voters: int) -> str:
    """Why a total cannot be right for this room, or "" when it fits.

    ``total_votes`` counts every vote recorded (this tally and the other entries); ``voters`` is
    the people present plus those represented. When nobody was checked in there is nothing to
    check against.
    """
    if voters <= 0 or total_votes <= voters:
        return ""
    return _(
        "{total} votes pour {voters} votants possibles (présents et représentés) : "
        "vérifiez les nombres."
    ).format(total=total_votes, voters=voters)
