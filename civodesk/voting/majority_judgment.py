"""Majority judgment (jugement majoritaire, Balinski & Laraki; the Mieux Voter grades).

A ballot maps options to a grade index, 0 being the best of the seven grades below; an option the
voter left ungraded gets the lowest grade, "À rejeter" (an empty ballot is blank). An option's
*merit profile* counts its grades; its *majority grade* is its median grade, the lower one (the
worse) when the number of grades is even: more than half of the voters gave it that grade or
better, and at least half that grade or worse.

Options are ranked by majority grade. Between options with the same majority grade α, the rule
published by Balinski & Laraki (*Majority Judgment*, MIT Press, 2011) and used by the Mieux Voter
libraries decides: take each option's group of grades strictly above α and its group strictly
below α. An option whose larger group is above beats one whose larger group is below; between
two whose larger group is above, the larger group above wins; between two whose larger group is
below, the smaller group below wins; when an option's two groups are the same size, its group
below prevails. When that still ties, one grade α is removed from each tied option and they are
compared again. Only options with identical merit profiles tie exactly (they share a tier).

Figures per option: ``profile`` (how many ballots gave each grade, best first), ``majority_grade``
(an index), ``above`` and ``below`` (the grades strictly above and below it).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import NamedTuple

from civodesk.i18n import N_, _
from civodesk.voting.ballots import Options, number_mapping, wrong_shape
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, Ranking
from civodesk.voting.wording import listing, percent, quoted

GRADES = (
    N_("Excellent"),
    N_("Très bien"),
    N_("Bien"),
    N_("Assez bien"),
    N_("Passable"),
    N_("Insuffisant"),
    N_("À rejeter"),
)
LOWEST_GRADE = len(GRADES) - 1
_WHOLE = {int}

Profile = Sequence[int]


def grade_name(grade: int) -> str:
    return _(GRADES[grade])


def ballot_key(ballot: object, options: Options, rules: None) -> bytes | None:
    """The grades in option order as bytes (one per option), ungraded options at the lowest grade.

    Bytes keep 100,000 ballots compact and let the profiles be counted by ``bytes.count``. The
    fast path covers plain dicts of whole numbers; anything else goes through the full check,
    which names what is wrong.
    """
    if not ballot and isinstance(ballot, Mapping):
        return None
    if type(ballot) is dict and ballot.keys() <= options.known:
        try:
            grades = bytes(map(ballot.get, options.ids, repeat(LOWEST_GRADE)))
        except (TypeError, ValueError):
            pass
        else:
            if max(grades) <= LOWEST_GRADE and set(map(type, ballot.values())) == _WHOLE:
                return grades
    if not isinstance(ballot, Mapping):
        raise wrong_shape(_("une option associée à une mention"))
    number_mapping(ballot, options, 0, LOWEST_GRADE)
    return bytes(map(ballot.get, options.ids, repeat(LOWEST_GRADE)))


class Gauge(NamedTuple):
    """One step of the comparison: the majority grade and the groups above and below it."""

    grade: int
    above: int
    below: int

    def strength(self) -> tuple[int, int, int]:
        """Larger is better: a better grade, then the larger group's side, then its size."""
        if self.above > self.below:
            return (-self.grade, 1, self.above)
        return (-self.grade, -1, -self.below)

    def stays_until(self) -> int:
        """The smallest number of grades for which removing majority grades keeps this gauge."""
        return max(2 * self.below + 1, 2 * self.above)


def gauge(profile: Profile) -> Gauge:
    """Majority grade (lower median) and the number of grades strictly above and below it."""
    needed = sum(profile) // 2 + 1  # grades from the best down to the median, included
    seen = 0
    for grade, amount in enumerate(profile):
        if seen + amount >= needed:
            return Gauge(grade, seen, sum(profile) - seen - amount)
        seen += amount
    raise ValueError("an empty merit profile has no majority grade")


def compare_profiles(first: Profile, second: Profile) -> int:
    """1 if ``first`` ranks above ``second``, -1 if below, 0 if they tie (identical profiles).

    Removing majority grades one at a time changes neither group until the majority grade itself
    changes, so the removals are done in one step up to that point (with 100,000 voters, a
    comparison takes a handful of steps instead of thousands).
    """
    if sum(first) != sum(second):
        raise ValueError("merit profiles to compare must count the same number of grades")
    a, b = list(first), list(second)
    total = sum(a)
    while a != b:
        gauge_a, gauge_b = gauge(a), gauge(b)
        if gauge_a.strength() != gauge_b.strength():
            return 1 if gauge_a.strength() > gauge_b.strength() else -1
        removed = total - max(gauge_a.stays_until(), gauge_b.stays_until()) + 1
        a[gauge_a.grade] -= removed
        b[gauge_b.grade] -= removed
        total -= removed
    return 0


def rank_profiles(options: Sequence[str], profiles: Mapping[str, Profile]) -> Ranking:
    """Options best first, grouped in tiers of identical profiles (tiers keep option order)."""
    position = {option: index for index, option in enumerate(options)}

    def order(x: str, y: str) -> int:
        return -compare_profiles(profiles[x], profiles[y]) or position[x] - position[y]

    ordered = sorted(options, key=functools.cmp_to_key(order))
    tiers: list[list[str]] = []
    for option in ordered:
        if tiers and compare_profiles(profiles[tiers[-1][0]], profiles[option]) == 0:
            tiers[-1].append(option)
        else:
            tiers.append([option])
    return tuple(tuple(tier) for tier in tiers)


def tally(options: Options, keys: Sequence[bytes], rules: None, ballots: BallotTally) -> Outcome:
    grades = b"".join(keys)
    size = len(options.ids)
    profiles = {}
    for position, option in enumerate(options.ids):
        column = grades[position::size]
        profiles[option] = [column.count(grade) for grade in range(len(GRADES))]
    figures = {}
    for option in options.ids:
        step = gauge(profiles[option]) if keys else None
        figures[option] = {
            "profile": profiles[option],
            "majority_grade": None if step is None else step.grade,
            "above": None if step is None else step.above,
            "below": None if step is None else step.below,
        }
    order = rank_profiles(options.ids, profiles) if keys else (options.ids,)
    return Outcome(
        ranking=order,
        figures=figures,
        details={},
        explanation=explain(options, order, profiles, len(keys)),
    )


def explain(
    options: Options, order: Ranking, profiles: Mapping[str, Profile], voters: int
) -> tuple[str, ...]:
    if voters == 0:
        return (_("Aucun bulletin valable : toutes les options sont à égalité."),)
    first = order[0]
    if len(first) > 1:
        return (
            _(
                "Les options {options} ont exactement le même profil de mérite : elles sont à égalité."
            ).format(options=listing([options.label(option) for option in first])),
        )
    winner = first[0]
    won = gauge(profiles[winner])
    at_least = sum(profiles[winner][: won.grade + 1])
    lines = [
        _(
            "{option} obtient la mention majoritaire {grade} : {share} des votants lui "
            "attribuent {grade} ou mieux."
        ).format(
            option=quoted(options.label(winner)),
            grade=quoted(grade_name(won.grade)),
            share=percent(at_least, voters),
        )
    ]
    if len(order) > 1:
        lines.append(versus(options, winner, order[1][0], profiles, voters))
    return tuple(lines)


def versus(
    options: Options, winner: str, second: str, profiles: Mapping[str, Profile], voters: int
) -> str:
    """Why the winner is above the runner-up, in the terms of the first step that decides."""
    won, lost = gauge(profiles[winner]), gauge(profiles[second])
    names = {"option": quoted(options.label(winner)), "other": quoted(options.label(second))}
    if won.grade != lost.grade:
        return _("{other}, deuxième, n'obtient que {grade}.").format(
            grade=quoted(grade_name(lost.grade)), **names
        )
    grade = quoted(grade_name(won.grade))
    if won.strength() == lost.strength():
        return _(
            "{option} et {other} ont la même mention {grade} et des groupes de même taille ; "
            "en retirant de part et d'autre des mentions {grade}, comme le prévoit la règle, "
            "{option} l'emporte."
        ).format(grade=grade, **names)
    above = {"above": percent(won.above, voters), "other_above": percent(lost.above, voters)}
    below = {"below": percent(won.below, voters), "other_below": percent(lost.below, voters)}
    if won.above > won.below and lost.above <= lost.below:
        return _(
            "{option} et {other} ont la même mention {grade}, mais {option} a plus de mentions "
            "au-dessus de {grade} ({above}) qu'en dessous ({below}), alors que {other} en a "
            "autant ou plus en dessous ({other_below}) qu'au-dessus ({other_above})."
        ).format(grade=grade, **names, **above, **below)
    if won.above > won.below:
        return _(
            "{option} et {other} ont la même mention {grade} ; {option} a plus de mentions "
            "au-dessus : {above} contre {other_above}."
        ).format(grade=grade, **names, **above)
    return _(
        "{option} et {other} ont la même mention {grade} ; {option} a moins de mentions en "
        "dessous : {below} contre {other_below}."
    ).format(grade=grade, **names, **below)


METHOD = Method("majority_judgment", False, None, None, ballot_key, tally)
