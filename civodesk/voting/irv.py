"""Instant-runoff (vote alternatif, vote à second tour instantané), with its rounds.

A ballot ranks some or all options. Each round, every ballot counts for its highest-ranked option
still in the running; a ballot whose ranked options have all been eliminated is *exhausted* and
counts for nobody from then on (partial rankings are allowed and simply exhaust earlier). The
option with the fewest votes is eliminated and the next round is counted, until one option is
left. The winner is the last one left; it is also the first to hold a majority (more than half)
of the ballots still counting, which the explanation names. The other options rank in reverse
order of elimination.

Tie-break for an elimination: among the options tied for the fewest votes, the one with fewer
votes in the round before is eliminated, going back round by round while they stay tied. Options
tied in every round so far are eliminated together (they share a tier). If that would eliminate
every option still in the running, they all tie for first place.

Figures per option: ``first_round`` (votes in round 1) and ``eliminated_in`` (round number, or
``None`` for the winner). Details: ``rounds`` (``votes`` per option still running, ``exhausted``,
``eliminated``, ``tie_break``: ``"none"``, ``"earlier_rounds"`` or ``"together"``) and
``majority_round`` (first round where an option held a majority, or ``None``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from civodesk.i18n import _
from civodesk.voting.ballots import Options, ranking
from civodesk.voting.method import Method
from civodesk.voting.result import BallotTally, Outcome
from civodesk.voting.wording import listing, number, quoted

NO_TIE = "none"
EARLIER_ROUNDS = "earlier_rounds"
TOGETHER = "together"


def ballot_key(ballot: object, options: Options, rules: None) -> tuple[str, ...] | None:
    return ranking(ballot, options) or None


def round_votes(
    rankings: Counter[tuple[str, ...]], running: Sequence[str]
) -> tuple[dict[str, int], int]:
    votes = dict.fromkeys(running, 0)
    exhausted = 0
    for ranked, times in rankings.items():
        choice = next((option for option in ranked if option in votes), None)
        if choice is None:
            exhausted += times
        else:
            votes[choice] += times
    return votes, exhausted


def to_eliminate(
    running: Sequence[str], history: Sequence[dict[str, int]]
) -> tuple[list[str], str]:
    """The options to eliminate after the last round of ``history``, and which tie-break applied."""
    current = history[-1]
    fewest = min(current[option] for option in running)
    tied = [option for option in running if current[option] == fewest]
    if len(tied) == 1:
        return tied, NO_TIE
    for earlier in reversed(history[:-1]):
        least = min(earlier[option] for option in tied)
        tied = [option for option in tied if earlier[option] == least]
        if len(tied) == 1:
            return tied, EARLIER_ROUNDS
    return tied, TOGETHER


def tally(
    options: Options, keys: Sequence[tuple[str, ...]], rules: None, ballots: BallotTally
) -> Outcome:
    rankings = Counter(keys)
    running = list(options.ids)
    history: list[dict[str, int]] = []
    rounds: list[dict[str, Any]] = []
    eliminated_in: dict[str, int] = {}
    out_tiers: list[tuple[str, ...]] = []
    majority_round: int | None = None
    while True:
        votes, exhausted = round_votes(rankings, running)
        history.append(votes)
        counting = sum(votes.values())
        if majority_round is None and any(2 * v > counting for v in votes.values()):
            majority_round = len(history)
        record: dict[str, Any] = {"votes": votes, "exhausted": exhausted, "eliminated": []}
        rounds.append(record)
        if len(running) == 1:
            record["tie_break"] = NO_TIE
            break
        out, tie_break = to_eliminate(running, history)
        if len(out) == len(running):
            record["tie_break"] = tie_break
            break
        record["eliminated"], record["tie_break"] = out, tie_break
        for option in out:
            eliminated_in[option] = len(history)
        out_tiers.append(tuple(out))
        running = [option for option in running if option not in out]
    order = (tuple(running), *reversed(out_tiers))
    figures = {
        option: {"first_round": history[0][option], "eliminated_in": eliminated_in.get(option)}
        for option in options.ids
    }
    return Outcome(
        ranking=order,
        figures=figures,
        details={"rounds": rounds, "majority_round": majority_round},
        explanation=explain(options, rounds, running, majority_round, ballots),
    )


def explain(
    options: Options,
    rounds: Sequence[dict[str, Any]],
    finalists: Sequence[str],
    majority_round: int | None,
    ballots: BallotTally,
) -> tuple[str, ...]:
    if ballots.valid == 0:
        return (_("Aucun bulletin valable : toutes les options sont à égalité."),)
    lines = []
    for number_of_round, record in enumerate(rounds, start=1):
        out = record["eliminated"]
        if not out:
            continue
        names = listing([options.label(option) for option in out])
        votes = number(record["votes"][out[0]])
        if record["tie_break"] == EARLIER_ROUNDS:
            line = _(
                "Tour {round} : l'option {options} est éliminée ({votes} voix) ; à égalité avec "
                "d'autres, elle en avait moins au dernier tour où leurs voix différaient."
            )
        elif record["tie_break"] == TOGETHER:
            line = _(
                "Tour {round} : les options {options} sont éliminées ensemble ({votes} voix chacune, à égalité "
                "à chaque tour)."
            )
        else:
            line = _("Tour {round} : l'option {options} est éliminée ({votes} voix).")
        lines.append(line.format(round=number_of_round, options=names, votes=votes))
    if len(finalists) > 1:
        lines.append(
            _("Les options {options} restent à égalité au dernier tour.").format(
                options=listing([options.label(option) for option in finalists])
            )
        )
    elif majority_round is not None:
        record = rounds[majority_round - 1]
        winner = finalists[0]
        lines.append(
            _(
                "Au tour {round}, {option} a la majorité des bulletins encore en jeu : "
                "{votes} sur {counting}."
            ).format(
                round=majority_round,
                option=quoted(options.label(winner)),
                votes=number(record["votes"][winner]),
                counting=number(sum(record["votes"].values())),
            )
        )
    return tuple(lines)


METHOD = Method("irv", True, None, None, ballot_key, tally)
