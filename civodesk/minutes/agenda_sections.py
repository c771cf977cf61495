"""One section per agenda item: its notes, its ideas, its votes, its decisions and actions.

Notes, idea clusters with supports, votes and decisions are recorded by features still being
built; until their data is in the record, each part says honestly that nothing was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from civodesk.documents.story import heading, long_text, notice, paragraph
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import Column, data_table
from civodesk.i18n import _
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import AgendaEntry, DecisionEntry, IdeaEntry, MeetingRecord
from civodesk.minutes.votes import vote_section


def agenda_item_section(
    record: MeetingRecord, item: AgendaEntry, number: int, options: MinutesOptions
) -> list[Any]:
    is_pv = options.kind is MinutesKind.PROCES_VERBAL
    title = _("{number}. {title}").format(number=number, title=item.title)
    return [
        heading(title),
        *notes_part(record.notes.get(item.id, ""), is_pv),
        *ideas_part(record.ideas_of(item.id)),
        *votes_part(record, item.id, options),
        *decisions_part(record.decisions_of(item.id)),
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


def ideas_part(ideas: Sequence[IdeaEntry], title: str | None = None, level: int = 2) -> list[Any]:
    """The ideas, numbered, each wrapping however long it is (a level-1 part is in the contents)."""
    story: list[Any] = [heading(title or _("Idées"), level, in_contents=level == 1)]
    if not ideas:
        return [*story, notice(_("Aucune idée n'a été recueillie."))]
    return story + idea_paragraphs(ideas)


def idea_paragraphs(ideas: Sequence[IdeaEntry]) -> list[Any]:
    style = document_styles().body
    story: list[Any] = []
    for number, idea in enumerate(ideas, start=1):
        marker = _(" (post-it)") if idea.source == "postit" else ""
        text = _("{number}. {text}").format(number=number, text=idea.text) + marker
        story += long_text(text, style) if len(text) > 2000 else [paragraph(text, style)]
    return story


def votes_part(record: MeetingRecord, item_id: str | None, options: MinutesOptions) -> list[Any]:
    votes = record.votes_of(item_id)
    title = _("Délibérations et votes") if options.kind is MinutesKind.PROCES_VERBAL else _("Votes")
    if not votes:
        return [
            heading(title, 2, in_contents=False),
            notice(_("Aucun vote n'a été enregistré sur ce point.")),
        ]
    story: list[Any] = [heading(title, 2, in_contents=False)]
    for vote in votes:
        story += vote_section(vote, record, options)
    return story


def decisions_part(decisions: Sequence[DecisionEntry]) -> list[Any]:
    story: list[Any] = [heading(_("Décisions et actions"), 2, in_contents=False)]
    if not decisions:
        return [*story, notice(_("Aucune décision ni action n'a été enregistrée sur ce point."))]
    rows = [[decision.text, decision.owner, decision.due] for decision in decisions]
    columns = [Column(_("Quoi"), 6), Column(_("Qui"), 2.5), Column(_("Échéance"), 1.6)]
    return [*story, data_table(columns, rows)]
