"""What a projector or a results chart shows of a vote: plain data, no Qt, ready to draw.

The projector shows a vote only once its result is revealed, or live if the vote was set up so
(``VoteView.projector_live``); ``projector_display`` returns ``None`` otherwise, so a screen the
room sees can never show a result early by mistake. The facilitator's page draws the same data
with ``facilitator=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civodesk.i18n import _
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.vote import VoteOutcome, VoteStatus, method_label


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    winner: bool


@dataclass(frozen=True)
class MeritProfile:
    """One option's grades, best first, and its majority grade (index into ``grades``)."""

    label: str
    counts: tuple[int, ...]
    majority_grade: int | None
    winner: bool


@dataclass(frozen=True)
class VoteDisplay:
    """A vote's result as a chart: bars for counts, merit profiles, a pairwise matrix, rounds."""

    question: str
    method: str
    method_label: str
    status: VoteStatus
    live: bool
    ballots: int
    blank: int
    spoiled: int
    winners: tuple[str, ...]
    bars: tuple[Bar, ...] = ()
    bar_unit: str = ""
    grades: tuple[str, ...] = ()
    profiles: tuple[MeritProfile, ...] = ()
    matrix_labels: tuple[str, ...] = ()
    matrix: tuple[tuple[int, ...], ...] = ()
    rounds: tuple[tuple[tuple[str, int], ...], ...] = ()
    explanation: str = ""


BAR_FIGURE = {
    "yes_no_abstain": "votes",
    "single": "votes",
    "approval": "approvals",
    "dots": "dots",
    "score": "total",
    "borda": "points",
    "schulze": "duels_won",
    "irv": "first_round",
}


def bar_unit(method: str) -> str:
    return {
        "approval": _("approbations"),
        "dots": _("gommettes"),
        "score": _("points"),
        "borda": _("points"),
        "schulze": _("duels gagnés"),
        "irv": _("voix au premier tour"),
    }.get(method, _("voix"))


def vote_display(outcome: VoteOutcome) -> VoteDisplay:
    result = outcome.result
    vote = outcome.vote
    figures: Any = result.figures
    details: Any = result.details
    labels = result.labels
    winners = set(result.winners)
    figure = BAR_FIGURE.get(result.method)
    bars: tuple[Bar, ...] = ()
    if figure:
        bars = tuple(
            Bar(labels[option], int(figures[option][figure]), option in winners)
            for option in result.options
        )
    profiles: tuple[MeritProfile, ...] = ()
    if result.method == "majority_judgment":
        profiles = tuple(
            MeritProfile(
                labels[option],
                tuple(int(n) for n in figures[option]["profile"]),
                _majority_grade(figures[option]),
                option in winners,
            )
            for option in result.options
        )
    matrix: tuple[tuple[int, ...], ...] = ()
    if result.method == "schulze":
        matrix = tuple(tuple(int(n) for n in row) for row in details["pairwise"])
    rounds: tuple[tuple[tuple[str, int], ...], ...] = ()
    if result.method == "irv":
        rounds = tuple(
            tuple((labels[o], int(n)) for o, n in dict(round_["votes"]).items())
            for round_ in details["rounds"]
        )
    return VoteDisplay(
        question=vote.question,
        method=result.method,
        method_label=method_label(result.method),
        status=vote.status,
        live=outcome.live,
        ballots=result.tally.ballots,
        blank=result.tally.blank,
        spoiled=result.tally.spoiled,
        winners=tuple(labels[o] for o in result.winners),
        bars=bars,
        bar_unit=bar_unit(result.method),
        grades=tuple(_(grade) for grade in GRADES) if profiles else (),
        profiles=profiles,
        matrix_labels=tuple(labels[o] for o in result.options) if matrix else (),
        matrix=matrix,
        rounds=rounds,
        explanation=result.explanation,
    )


def _majority_grade(figures: Any) -> int | None:
    grade = figures.get("majority_grade")
    return None if grade is None else int(grade)


def projector_display(outcome: VoteOutcome) -> VoteDisplay | None:
    """The result the room may see now, or ``None`` while it is hidden."""
    vote = outcome.vote
    if vote.revealed or (vote.projector_live and vote.status is not VoteStatus.DRAFT):
        return vote_display(outcome)
    return None
