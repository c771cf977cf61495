"""Condorcet–Schulze: pairwise duels, then the strongest paths between options.

A ballot ranks some or all options; a ranked option is preferred to every option left unranked,
and unranked options are not compared with each other. ``pairwise[a][b]`` counts the ballots
preferring a to b. A link a → b has the strength ``pairwise[a][b]`` when a beats b in their
duel, 0 otherwise (Schulze's "winning votes"); ``strongest_paths[a][b]`` is the strength of the
strongest chain of links from a to b, a chain being as strong as its weakest link.

Ranking: a is above b when the strongest path from a to b is stronger than the one back. That
relation is transitive (Schulze 2011), so the tiers are taken in turn: the first tier holds the
options no other option is above, the next tier the same among those left, and so on. Ties:
options with no path stronger in either direction share a tier. A Condorcet winner (beating every
other option in its duel) always comes first alone.

Figures per option: ``duels_won``, ``preferred_to`` (its row of the pairwise matrix: ballots
preferring it to each other option) and ``strongest_paths_to`` (its row of strongest paths).
Details: the whole ``pairwise`` and ``strongest_paths`` tables, square and in the order of the
options, and ``condorcet_winner`` (an option or ``None``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from civodesk.i18n import _
from civodesk.voting.ballots import Options, ranking
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome, Ranking
from civodesk.voting.wording import listing, quoted

Matrix = list[list[int]]


def ballot_key(ballot: object, options: Options, rules: None) -> tuple[str, ...] | None:
    return ranking(ballot, options) or None


def pairwise_matrix(size: int, rankings: Counter[tuple[int, ...]]) -> Matrix:
    """``matrix[a][b]``: ballots preferring a to b, for rankings of option indices.

    Each row is kept as one big integer holding a fixed-width counter per column, so that one
    ballot adds "every option below this one" to a row with a single addition: a ranking of m
    options costs m additions instead of m × size increments.
    """
    width = max(1, sum(rankings.values())).bit_length() + 1
    unit = [1 << (width * column) for column in range(size)]
    everyone = sum(unit)
    rows = [0] * size
    for ranked, times in rankings.items():
        below = everyone - sum(unit[option] for option in ranked)
        for option in reversed(ranked):
            rows[option] += below * times
            below += unit[option]
    field = (1 << width) - 1
    return [[(row >> (width * column)) & field for column in range(size)] for row in rows]


def strongest_paths(pairwise: Matrix) -> Matrix:
    """Widest paths (Floyd–Warshall on the duel links), as in Schulze's own description."""
    size = len(pairwise)
    paths = [
        [pairwise[a][b] if a != b and pairwise[a][b] > pairwise[b][a] else 0 for b in range(size)]
        for a in range(size)
    ]
    for via in range(size):
        from_via = paths[via]
        for start in range(size):
            if start == via:
                continue
            to_via = paths[start][via]
            if to_via == 0:
                continue
            from_start = paths[start]
            for end in range(size):
                if end != via and end != start:
                    strength = min(to_via, from_via[end])
                    if strength > from_start[end]:
                        from_start[end] = strength
    return paths


def schulze_tiers(paths: Matrix) -> list[list[int]]:
    remaining = list(range(len(paths)))
    tiers = []
    while remaining:
        top = [
            a for a in remaining if not any(paths[b][a] > paths[a][b] for b in remaining if b != a)
        ]
        tiers.append(top)
        remaining = [a for a in remaining if a not in top]
    return tiers


def row_by_option(options: Options, row: list[int], own: int) -> dict[str, int]:
    return {options.ids[b]: row[b] for b in range(len(row)) if b != own}


def tally(
    options: Options, keys: Sequence[tuple[str, ...]], rules: None, ballots: BallotTally
) -> Outcome:
    index = {option: position for position, option in enumerate(options.ids)}
    rankings: Counter[tuple[int, ...]] = Counter()
    for ranked, times in Counter(keys).items():
        rankings[tuple(index[option] for option in ranked)] += times
    size = len(options.ids)
    pairwise = pairwise_matrix(size, rankings)
    paths = strongest_paths(pairwise)
    order: Ranking = tuple(tuple(options.ids[a] for a in tier) for tier in schulze_tiers(paths))
    duels_won = {
        a: sum(1 for b in range(size) if pairwise[a][b] > pairwise[b][a]) for a in range(size)
    }
    condorcet = next((a for a in range(size) if duels_won[a] == size - 1), None)
    return Outcome(
        ranking=order,
        figures={
            options.ids[a]: {
                "duels_won": duels_won[a],
                "preferred_to": row_by_option(options, pairwise[a], a),
                "strongest_paths_to": row_by_option(options, paths[a], a),
            }
            for a in range(size)
        },
        details={
            "pairwise": pairwise,
            "strongest_paths": paths,
            "condorcet_winner": None if condorcet is None else options.ids[condorcet],
        },
        explanation=explain(options, order, condorcet, ballots),
    )


def explain(
    options: Options, order: Ranking, condorcet: int | None, ballots: BallotTally
) -> tuple[str, ...]:
    if ballots.valid == 0:
        return (_("Aucun bulletin valable : toutes les options sont à égalité."),)
    first = order[0]
    if condorcet is not None and len(options.ids) > 1:
        return (
            _(
                "L'option {option} bat chacune des autres en duel : c'est le vainqueur de Condorcet."
            ).format(option=quoted(options.label(options.ids[condorcet]))),
        )
    if len(first) > 1:
        return (
            _(
                "Les options {options} sont à égalité : aucune n'a de chemin de duels gagnés plus fort vers "
                "les autres que celui des autres vers elle."
            ).format(options=listing([options.label(option) for option in first])),
        )
    return (
        _("Aucune option ne bat toutes les autres en duel."),
        _(
            "{option} l'emporte : vers chaque autre option, sa plus forte chaîne de duels "
            "gagnés (aussi forte que son duel le plus serré) est plus forte que la chaîne inverse."
        ).format(option=quoted(options.label(first[0]))),
    )


METHOD = Method("schulze", True, None, None, ballot_key, tally)
