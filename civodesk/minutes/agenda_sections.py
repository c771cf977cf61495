"""One section per agenda item: its notes, its ideas, its votes, its decisions and actions.

Ideas are listed by cluster (wall order) with their supports, a merged idea with the duplicates
it absorbed; an author is named only for a signed idea and never without names, nor is the owner
of an action. Each part says plainly when nothing was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from civodesk.documents.story import heading, long_text, notice, paragraph
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import Column, data_table
from civodesk.documents.typography import format_long_date, format_number
from civodesk.i18n import _, ngettext
from civodesk.minutes.facilitation_record import DecisionEntry, IdeaEntry
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import AgendaEntry, MeetingRecord
from civodesk.minutes.votes import vote_section


def agenda_item_section(
    record: MeetingRecord, item: AgendaEntry, number: int, options: MinutesOptions
) -> list[Any]:
    is_pv = options.kind is MinutesKind.PROCES_VERBAL
    title = _("{number}. {title}").format(number=number, title=item.title)
    return [
        heading(title),
        *notes_part(record.notes.get(item.id, ""), is_pv),
        *ideas_part(record, record.ideas_of(item.id), options),
        *votes_part(record, item.id, options),
        *decisions_part(record.decisions_of(item.id), options),
    ]


def notes_part(notes: str, is_pv: bool) -> list[Any]:
    """The notes taken on the item (for a procès-verbal, the gist of the debates)."""
    title = _("Résumé des débats") if is_pv else _("Notes")
    if not notes.strip():
        return [
            heading(title, 2, in_contents=False),
            notice(_("Aucune note n'a été prise sur ce point.")),
        ]
    return [heading(title, 2, in_contents=False), *long_text(notes)]


def ideas_part(
    record: MeetingRecord,
    ideas: Sequence[IdeaEntry],
    options: MinutesOptions,
    title: str | None = None,
    level: int = 2,
) -> list[Any]:
    """The ideas by cluster, numbered, each wrapping however long it is (a level-1 part is in
    the contents). Without any cluster, one plain numbered list."""
    story: list[Any] = [heading(title or _("Idées"), level, in_contents=level == 1)]
    if not ideas:
        return [*story, notice(_("Aucune idée n'a été recueillie."))]
    groups = record.idea_groups(tuple(ideas))
    if len(groups) == 1 and groups[0][0] is None:
        return story + idea_paragraphs(groups[0][1], options)
    number = 1
    for cluster, members in groups:
        name = cluster.title if cluster is not None else _("Sans groupe")
        story.append(
            heading(f"{name} — {group_counts(members)}", min(level + 1, 3), in_contents=False)
        )
        story += idea_paragraphs(members, options, start=number)
        number += len(members)
    return story


def group_counts(ideas: Sequence[IdeaEntry]) -> str:
    """ "4 idées, 23 soutiens" for a cluster's heading."""
    supports = sum(idea.supports for idea in ideas)
    return _("{ideas}, {supports}").format(
        ideas=ngettext("{count} idée", "{count} idées", len(ideas)).format(
            count=format_number(len(ideas))
        ),
        supports=support_words(supports),
    )


def support_words(count: int) -> str:
    return ngettext("{count} soutien", "{count} soutiens", count).format(count=format_number(count))


@cache
def _originals_style() -> Any:
    from reportlab.lib.styles import ParagraphStyle

    muted = document_styles().muted
    return ParagraphStyle("merged_originals", parent=muted, leftIndent=14, spaceBefore=-3)


def idea_paragraphs(
    ideas: Sequence[IdeaEntry], options: MinutesOptions, start: int = 1
) -> list[Any]:
    """ "3. Des bancs à l'ombre (post-it) — 5 soutiens — Awa D.", then what it merged."""
    from reportlab.platypus import KeepTogether

    style = document_styles().body
    story: list[Any] = []
    for number, idea in enumerate(ideas, start=start):
        marker = _(" (post-it)") if idea.source == "postit" else ""
        details = [support_words(idea.supports)] if idea.supports else []
        if idea.author and options.with_names:
            details.append(idea.author)
        text = _("{number}. {text}").format(number=number, text=idea.text) + marker
        text += "".join(f" — {detail}" for detail in details)
        own = long_text(text, style) if len(text) > 2000 else [paragraph(text, style)]
        if not idea.originals:
            story += own
            continue
        merged = _("Fusion de : {originals}").format(
            originals=" ; ".join(
                _("« {text} »").format(text=original.text) for original in idea.originals
            )
        )
        # the duplicates stay on the page of the idea they were merged into
        story.append(KeepTogether([*own, *long_text(merged, _originals_style())]))
    return story


def votes_part(record: MeetingRecord, item_id: str | None, options: MinutesOptions) -> list[Any]:
    votes = record.votes_of(item_id)
    title = _("Délibérations et votes") if options.kind is MinutesKind.PROCES_VERBAL else _("Votes")
    if not votes:
        return [
            heading(title, 2, in_contents=False),
            notice(_("Aucun vote n'a été enregistré sur ce point.")),
        ]
    story: list[Any] = []
    for number, vote in enumerate(votes):
        lead = [heading(title, 2, in_contents=False)] if number == 0 else []
        story += vote_section(vote, record, options, lead)
    return story


def decisions_part(decisions: Sequence[DecisionEntry], options: MinutesOptions) -> list[Any]:
    """The relevé de décisions: what, who, by when (who only when names are published)."""
    from reportlab.platypus import KeepTogether

    story: list[Any] = [heading(_("Décisions et actions"), 2, in_contents=False)]
    if not decisions:
        return [*story, notice(_("Aucune décision ni action n'a été enregistrée sur ce point."))]
    columns = [Column(_("Nature"), 1.3), Column(_("Quoi"), 6)]
    if options.with_names:
        columns.append(Column(_("Qui"), 2.5))
    columns.append(Column(_("Échéance"), 1.9))
    rows = []
    for decision in decisions:
        row = [_("Action") if decision.is_action else _("Décision"), decision.text]
        if options.with_names:
            row.append(decision.owner)
        row.append(format_long_date(decision.due, with_weekday=False) if decision.due else "")
        rows.append(row)
    story.append(data_table(columns, rows))
    if not options.with_names and any(decision.owner for decision in decisions):
        story.append(
            paragraph(
                _("Publication sans noms : les responsables des actions ne figurent pas."),
                document_styles().muted,
            )
        )
    return [KeepTogether(story)]  # a short relevé stays whole; a long one still splits
