"""The sign-in sheet (feuille d'émargement), printed before the meeting and signed at the door.

One row per registered person (number, name, commune, badge code) with room for a signature,
then blank rows for people who come without registering. The header row repeats on every page,
and each page says "page X / Y", so a loose page can be put back in order. It takes plain data, so
the desk, the command line and the server can all print it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from civodesk.documents.page_template import MM, PageFurniture, Progress, build_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import key_values, notice, paragraph, spacer
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import Column, data_table
from civodesk.documents.typography import (
    capitalize_first,
    format_date_time,
    format_long_date,
    format_time_span,
)
from civodesk.i18n import _, current_language, ngettext

SIGNATURE_ROW_HEIGHT = 9.5 * MM
DEFAULT_BLANK_ROWS = 10


@dataclass(frozen=True)
class SigninEntry:
    """One registered person as printed: ``name`` as it should read ("DUPONT Marie")."""

    name: str
    commune: str = ""
    badge_code: str = ""


@dataclass(frozen=True)
class SigninSheet:
    """The meeting and the people expected, in the order they are printed."""

    title: str
    organization: str
    place: str
    starts_at: datetime
    entries: Sequence[SigninEntry]
    ends_at: datetime | None = None
    blank_rows: int = DEFAULT_BLANK_ROWS


def signin_story(sheet: SigninSheet) -> list[object]:
    """The flowables of the sheet (exposed for documents that append it, such as the minutes)."""
    styles = document_styles()
    when = (
        format_time_span(sheet.starts_at, sheet.ends_at)
        if sheet.ends_at is not None
        else format_date_time(sheet.starts_at)
    )
    story: list[object] = [
        paragraph(_("Feuille d'émargement"), styles.title),
        paragraph(sheet.title, styles.subtitle),
        spacer(2 * MM),
        key_values(
            [
                (_("Date"), capitalize_first(when)),
                (_("Lieu"), sheet.place),
                (_("Organisateur"), sheet.organization),
            ]
        ),
        spacer(3 * MM),
    ]
    count = len(sheet.entries)
    if count:
        story.append(
            paragraph(
                ngettext(
                    "{count} personne inscrite. Chacune signe en face de son nom à son arrivée.",
                    "{count} personnes inscrites. Chacune signe en face de son nom à son arrivée.",
                    count,
                ).format(count=count),
                styles.muted,
            )
        )
    else:
        story.append(
            notice(_("Aucune personne inscrite : les lignes vides sont à remplir à l'accueil."))
        )
    rows = [
        [str(number), entry.name, entry.commune, entry.badge_code, ""]
        for number, entry in enumerate(sheet.entries, start=1)
    ]
    rows += [[str(count + extra), "", "", "", ""] for extra in range(1, sheet.blank_rows + 1)]
    columns = [
        Column(_("N°"), 0.8, "right"),
        Column(_("Nom et prénom"), 4.0),
        Column(_("Commune"), 3.0),
        Column(_("Code du badge"), 1.9, "center"),
        Column(_("Signature"), 3.3),
    ]
    story.append(spacer(2 * MM))
    story.append(data_table(columns, rows, row_height=SIGNATURE_ROW_HEIGHT, zebra=False))
    return story


def write_signin_sheet(
    target: str | Path | IO[bytes],
    sheet: SigninSheet,
    *,
    timestamp: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the sheet's PDF (atomically for a path); returns its number of pages.

    ``timestamp`` is the PDF's date (for the same bytes on every desk, the time of the
    registration list's last change); the meeting's start by default.
    """
    info = DocumentInfo(
        title=_("Feuille d'émargement — {title}").format(title=sheet.title),
        author=sheet.organization,
        subject=_("Feuille d'émargement"),
        timestamp=timestamp or sheet.starts_at,
        language=current_language(),
    )
    furniture = PageFurniture(
        header_left=sheet.title,
        header_right=_("Émargement du {date}").format(
            date=format_long_date(sheet.starts_at, with_weekday=False)
        ),
    )
    return build_pdf(
        target,
        signin_story(sheet),
        info,
        furniture,
        table_of_contents="never",
        progress=progress,
    )
