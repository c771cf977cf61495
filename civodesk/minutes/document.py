"""The two documents: a compte-rendu (workshop, public meeting) and a procès-verbal (council
session, in the form CGCT L2121-15 asks for), assembled from the section functions.

Compte-rendu: cover, summary, attendance, one section per agenda item, other ideas, annex,
integrity. Procès-verbal: cover (with president and secretaries), summary, members present and
represented, quorum, agenda, each deliberation with its vote and the gist of the debates,
annex, integrity, signatures.
"""

from __future__ import annotations

from typing import Any

from civodesk.documents.images import load_logo
from civodesk.documents.page_template import (
    MM,
    PageFurniture,
    Progress,
    TableOfContentsMode,
    render_pdf,
)
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import page_break
from civodesk.i18n import _
from civodesk.minutes.agenda_sections import agenda_item_section, ideas_part
from civodesk.minutes.closing_sections import integrity_section, methods_annex, signature_block
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import MeetingRecord
from civodesk.minutes.sections import agenda_list, attendance, cover, summary
from civodesk.minutes.wording import document_name

# With this many agenda items, or ideas, or people listed, the minutes run long: contents.
CONTENTS_FROM_ITEMS = 4
CONTENTS_FROM_IDEAS = 60
CONTENTS_FROM_ATTENDEES = 120


def contents_mode(record: MeetingRecord, options: MinutesOptions) -> TableOfContentsMode:
    """Decided from the data (one layout pass less than "auto", which re-lays everything out)."""
    long_document = (
        len(record.agenda) >= CONTENTS_FROM_ITEMS
        or len(record.ideas) >= CONTENTS_FROM_IDEAS
        or (options.with_names and len(record.attendees) >= CONTENTS_FROM_ATTENDEES)
    )
    return "always" if long_document else "never"


def minutes_story(
    record: MeetingRecord, options: MinutesOptions, logo: Any | None
) -> tuple[list[Any], int]:
    """(flowables, where the table of contents goes: at the end, as a "Table des matières").

    At the end, the contents cost no second layout pass (a large meeting's minutes are laid
    out once); the summary, on a page of its own after the cover, is what a reader opens first.
    """
    story = [*cover(record, options, logo), page_break()]
    story += [*summary(record), page_break()]
    story += attendance(record, options)
    if options.kind is MinutesKind.PROCES_VERBAL:
        story += agenda_list(record)
    for number, item in enumerate(record.agenda, start=1):
        story += agenda_item_section(record, item, number, options)
    unfiled = record.unfiled_ideas()
    if unfiled or not record.agenda:
        title = _("Idées hors ordre du jour") if record.agenda else _("Idées")
        story += ideas_part(record, unfiled, options, title, level=1)
    story += methods_annex(record)
    story += integrity_section(record)
    if options.kind is MinutesKind.PROCES_VERBAL:
        story += signature_block(record)
    return story, len(story)


def document_info(record: MeetingRecord, options: MinutesOptions) -> DocumentInfo:
    return DocumentInfo(
        title=_("{kind} — {title}").format(kind=document_name(options.kind), title=record.title),
        author=record.organization,
        subject=document_name(options.kind),
        keywords=(record.fingerprint,),
        timestamp=record.recorded_at,
        language=options.language,
    )


def page_furniture(record: MeetingRecord, options: MinutesOptions) -> PageFurniture:
    return PageFurniture(
        header_left=record.organization,
        header_right=_("{kind} — {title}").format(
            kind=document_name(options.kind), title=record.title
        ),
        footer_line=_("Empreinte du journal (SHA-256) : {digest}").format(
            digest=record.fingerprint
        ),
        draft=record.is_draft,
    )


def render_minutes(
    record: MeetingRecord, options: MinutesOptions, progress: Progress | None = None
) -> tuple[bytes, int, list[str]]:
    """(PDF bytes, pages, warnings for the person: a logo that could not be used).

    The caller translates by running this under ``language_on_this_thread(options.language)``.
    """
    logo = load_logo(options.logo_path, max_width=45 * MM, max_height=25 * MM)
    warnings = [logo.warning] if logo.warning else []
    story, contents_at = minutes_story(record, options, logo.flowable)
    data, pages = render_pdf(
        story,
        document_info(record, options),
        page_furniture(record, options),
        table_of_contents=contents_mode(record, options),
        contents_position=contents_at,
        progress=progress,
    )
    return data, pages, warnings
