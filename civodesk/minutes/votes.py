"""A vote in the minutes: method, rules, quorum and base, the results table, its chart, the
plain-words explanation, and for a public ballot of a council the name and vote of each voter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from civodesk.documents.page_template import MM
from civodesk.documents.story import heading, key_values, long_text, notice, spacer
from civodesk.documents.tables import Column, data_table
from civodesk.documents.typography import format_number
from civodesk.i18n import _
from civodesk.minutes.charts import bar_chart, merit_profiles
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import MeetingRecord, VoteEntry
from civodesk.minutes.wording import method_name
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.result import VoteResult
from civodesk.voting.vote import AttendanceSnapshot

# the figure a bar chart shows, by method (the first one a method reports)
BAR_FIGURES = ("votes", "approvals", "dots", "total", "points", "duels_won", "first_round")


def figure_title(name: str) -> str:
    return {
        "votes": _("Voix"),
        "approvals": _("Approbations"),
        "dots": _("Gommettes"),
        "supporters": _("Soutiens"),
        "total": _("Total des notes"),
        "points": _("Points"),
        "first_choices": _("Premiers choix"),
        "duels_won": _("Duels gagnés"),
        "first_round": _("Voix au 1er tour"),
        "eliminated_in": _("Éliminée au tour"),
        "majority_grade": _("Mention majoritaire"),
        "above": _("Au-dessus"),
        "below": _("Au-dessous"),
    }.get(name, name)


def rules_text(rules: Mapping[str, Any] | None) -> str:
    if not rules:
        return _("règles par défaut de la méthode")
    names = {
        "majority": _("majorité"),
        "base": _("base"),
        "share": _("part requise"),
        "quorum": _("quorum"),
        "present": _("présents ou représentés"),
        "registered": _("inscrits"),
        "max_choices": _("choix au plus"),
        "dots_per_person": _("gommettes par personne"),
        "max_per_option": _("gommettes au plus par option"),
        "max_score": _("note maximale"),
    }
    values = {
        "simple": _("simple"),
        "absolute": _("absolue"),
        "two_thirds": _("des deux tiers"),
        "custom": _("personnalisée"),
        "cast": _("suffrages exprimés"),
        "valid": _("bulletins valables"),
    }
    parts = [
        _("{name} : {value}").format(
            name=names.get(key, key), value=values.get(str(value), str(value))
        )
        for key, value in rules.items()
        if value is not None and value is not False
    ]
    return "; ".join(parts)  # French spacing is added when typeset


def _keep_together() -> Any:
    from reportlab.platypus import KeepTogether

    return KeepTogether


def presence_text(snapshot: AttendanceSnapshot | None) -> str:
    """Presence and quorum when the vote closed (its base for a majority of those present)."""
    if snapshot is None:
        return ""
    text = _("{present} présents, {represented} représentés, {registered} inscrits").format(
        present=format_number(snapshot.present),
        represented=format_number(snapshot.represented),
        registered=format_number(snapshot.registered),
    )
    if snapshot.quorum_required is not None:
        state = _("quorum atteint") if snapshot.quorum_met else _("quorum non atteint")
        text += _(" ; quorum : {needed} ({state})").format(
            needed=format_number(snapshot.quorum_required), state=state
        )
    return text


def vote_section(
    vote: VoteEntry, record: MeetingRecord, options: MinutesOptions, lead: Sequence[Any] = ()
) -> list[Any]:
    """``lead``: flowables kept on the page of the vote's start (the part's heading)."""
    result = vote.result
    if result is None:
        return [
            *lead,
            heading(vote.question, 3, contents_level=2),
            key_values([(_("Méthode"), method_name(vote.method))], label_width=28 * MM),
            notice(_("Ce vote n'est pas clos : son résultat n'est pas encore arrêté.")),
        ]
    tally = result.tally
    head: list[Any] = [
        *lead,
        heading(vote.question, 3, contents_level=2),
        key_values(
            [
                (_("Méthode"), method_name(result.method)),
                (_("Règles"), rules_text(result.rules)),
                (_("Scrutin"), _("secret") if vote.secret else _("public")),
                (_("Présence"), presence_text(vote.snapshot)),
                (
                    _("Bulletins"),
                    _("{ballots} dont {valid} valables, {blank} blancs, {spoiled} nuls").format(
                        ballots=format_number(tally.ballots),
                        valid=format_number(tally.valid),
                        blank=format_number(tally.blank),
                        spoiled=format_number(tally.spoiled),
                    ),
                ),
            ],
            label_width=28 * MM,
        ),
        spacer(2 * MM),
        results_table(result),
        spacer(2 * MM),
    ]
    story: list[Any] = [
        _keep_together()(head)
    ]  # the question, its facts and its results on one page
    chart = vote_chart(result)
    if chart is not None:
        story += [chart, spacer(2 * MM)]
    story += long_text(result.explanation)
    if (
        options.kind is MinutesKind.PROCES_VERBAL
        and not vote.secret
        and options.with_names
        and vote.voters
    ):
        rows = [[name, choice] for name, choice in vote.voters]
        story.append(data_table([Column(_("Votant"), 5), Column(_("Vote"), 3)], rows))
    return story


def _scalar_figures(result: VoteResult) -> list[str]:
    names: list[str] = []
    for option in result.options:
        for name, value in result.figures.get(option, {}).items():
            if isinstance(value, int | str) and not isinstance(value, bool) and name not in names:
                names.append(name)
    return names


def ranked_options(result: VoteResult) -> list[str]:
    """Options in ranking order (unranked ones last): the table and its chart read alike."""
    rank_of = {option: rank for rank, tier in enumerate(result.ranking, start=1) for option in tier}
    return sorted(result.options, key=lambda o: rank_of.get(o, len(result.options) + 1))


def results_table(result: VoteResult) -> Any:
    """Rank, option and every figure the method reports for it."""
    rank_of = {option: rank for rank, tier in enumerate(result.ranking, start=1) for option in tier}
    names = _scalar_figures(result)
    columns = [Column(_("Rang"), 0.8, "right"), Column(_("Option"), 5)]
    columns += [Column(figure_title(name), 1.6, "right") for name in names]
    rows = []
    for option in ranked_options(result):
        figures = result.figures.get(option, {})
        cells = [str(rank_of[option]) if option in rank_of else "—", result.labels[option]]
        for name in names:
            value = figures.get(name)
            if name == "majority_grade" and isinstance(value, int) and 0 <= value < len(GRADES):
                cells.append(_(GRADES[value]))
            else:
                cells.append(format_number(value) if isinstance(value, int) else str(value or "—"))
        rows.append(cells)
    return data_table(columns, rows)


def vote_chart(result: VoteResult) -> Any | None:
    """Merit profiles for majority judgment, a pairwise matrix for Schulze, bars otherwise."""
    if result.method == "majority_judgment":
        return merit_profiles(
            [
                (result.labels[option], tuple(result.figures[option].get("profile", ())))  # type: ignore[arg-type]
                for option in ranked_options(result)
            ],
            [_(grade) for grade in GRADES],
        )
    if result.method == "schulze":
        return pairwise_matrix(result)
    for name in BAR_FIGURES:
        values = [result.figures.get(option, {}).get(name) for option in result.options]
        counts = [value for value in values if isinstance(value, int)]
        if values and len(counts) == len(values):
            by_option = dict(zip(result.options, counts, strict=True))
            return bar_chart([(result.labels[o], by_option[o]) for o in ranked_options(result)])
    return None


def pairwise_matrix(result: VoteResult) -> Any | None:
    """Row a, column b: ballots preferring a to b."""
    matrix = result.details.get("pairwise")
    if not isinstance(matrix, tuple | list):
        return None
    labels = [result.labels[option] for option in result.options]
    columns = [Column(_("Préféré à →"), 3)] + [Column(label, 1.2, "right") for label in labels]
    rows = [
        [
            labels[a],
            *("—" if a == b else format_number(int(matrix[a][b])) for b in range(len(labels))),
        ]
        for a in range(len(labels))
    ]
    return data_table(columns, rows)
