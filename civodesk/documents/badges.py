"""Badges and invitations as PDF: an A4 sheet of badges to cut out, or one invitation per page.

Each badge carries the name, the QR code of its signed token and the 8-character manual code.
Fonts, text fitting, QR drawing, French dates, reproducible metadata and the safe writing of the
file come from the shared document machinery (``civodesk.documents``); this module is only the
layout. Every code of a generated PDF is decoded back in the tests from a 150 dpi rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.views import BadgeView
from civodesk.documents.canvas_document import write_canvas_pdf
from civodesk.documents.fitting import draw_wrapped, ellipsize, fit_size, shrink_or_wrap
from civodesk.documents.fonts import MONO, SANS, family
from civodesk.documents.glyphs import printable
from civodesk.documents.qr import draw_qr, qr_modules
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.typography import capitalize_first, format_time_span
from civodesk.i18n import _, current_language
from civodesk.meetings.meeting import MeetingDetails

__all__ = ["LAYOUTS", "Layout", "draw_qr", "qr_modules", "write_badges_pdf"]

Layout = Literal["sheet", "invitation"]
LAYOUTS: tuple[Layout, ...] = ("sheet", "invitation")

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = 90 * MM, 64 * MM
GUTTER = 6 * MM
INK = (0.12, 0.16, 0.22)
ACCENT = (0.11, 0.30, 0.52)
MUTED = (0.40, 0.44, 0.50)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    mono: str


def _fonts() -> Fonts:
    sans = family(SANS)
    return Fonts(sans.regular, sans.bold, family(MONO).bold)


def _clip(text: str, font: str, size: float, width: float) -> str:
    return ellipsize(printable(text), font, size, width)


def _wrap(
    text: str, font: str, largest: float, smallest: float, width: float
) -> tuple[float, list[str]]:
    return shrink_or_wrap(printable(text), font, largest, smallest, width)


def _fit(text: str, font: str, size: float, width: float, minimum: float) -> float:
    return fit_size(printable(text), font, size, width, minimum)


def _when(meeting: MeetingDetails) -> str:
    return capitalize_first(format_time_span(meeting.fields.starts_at, meeting.fields.ends_at))


def _draw_badge(
    canvas: Any, fonts: Fonts, meeting: MeetingDetails, badge: BadgeView, x: float, y: float
) -> None:
    canvas.setDash(2, 3)
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT, stroke=1, fill=0)
    canvas.setDash()
    band = 11 * MM
    canvas.setFillColorRGB(*ACCENT)
    canvas.rect(x, y + BADGE_HEIGHT - band, BADGE_WIDTH, band, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    inner = BADGE_WIDTH - 8 * MM
    canvas.setFont(fonts.bold, 8.5)
    canvas.drawString(
        x + 4 * MM,
        y + BADGE_HEIGHT - 5 * MM,
        _clip(meeting.fields.title, fonts.bold, 8.5, inner),
    )
    canvas.setFont(fonts.regular, 7)
    canvas.drawString(
        x + 4 * MM,
        y + BADGE_HEIGHT - 8.7 * MM,
        _clip(_when(meeting), fonts.regular, 7, inner),
    )

    qr_size = 40 * MM
    qr_x = x + BADGE_WIDTH - qr_size - 3 * MM
    qr_y = y + 8 * MM
    draw_qr(canvas, badge.token, qr_x, qr_y, qr_size)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.mono, 10)
    canvas.drawCentredString(
        qr_x + qr_size / 2, y + 3.5 * MM, format_manual_code(badge.manual_code)
    )

    text_width = qr_x - x - 6 * MM
    first = badge.first_name or badge.last_name
    last = badge.last_name.upper() if badge.first_name else ""
    cursor = y + 43 * MM
    for text, largest, smallest in ((first, 20, 12), (last, 15, 10)):
        if not text:
            continue
        size, lines = _wrap(text, fonts.bold, largest, smallest, text_width)
        canvas.setFont(fonts.bold, size)
        for line in lines:
            cursor -= size * 1.15
            canvas.drawString(x + 4 * MM, cursor, line)
        cursor -= 1.5 * MM
    if badge.commune:
        canvas.setFillColorRGB(*MUTED)
        canvas.setFont(fonts.regular, 9)
        canvas.drawString(
            x + 4 * MM,
            min(cursor - 3 * MM, y + 22 * MM),
            _clip(badge.commune, fonts.regular, 9, text_width),
        )
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(fonts.regular, 6.5)
    _draw_paragraph(
        canvas,
        _("Code manuel si le QR ne se lit pas →"),
        fonts.regular,
        6.5,
        x + 4 * MM,
        y + 7.5 * MM,
        qr_x - x - 8 * MM,
    )


def _draw_sheet(
    canvas: Any,
    fonts: Fonts,
    meeting: MeetingDetails,
    badges: Sequence[BadgeView],
    progress: Callable[[int], None],
) -> None:
    left = (PAGE_WIDTH - COLUMNS * BADGE_WIDTH - (COLUMNS - 1) * GUTTER) / 2
    bottom = (PAGE_HEIGHT - ROWS * BADGE_HEIGHT - (ROWS - 1) * GUTTER) / 2
    per_page = COLUMNS * ROWS
    for index, badge in enumerate(badges):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        column, row = slot % COLUMNS, slot // COLUMNS
        x = left + column * (BADGE_WIDTH + GUTTER)
        y = PAGE_HEIGHT - bottom - (row + 1) * BADGE_HEIGHT - row * GUTTER
        _draw_badge(canvas, fonts, meeting, badge, x, y)
        progress(index + 1)


def _draw_invitation(canvas: Any, fonts: Fonts, meeting: MeetingDetails, badge: BadgeView) -> None:
    margin = 20 * MM
    width = PAGE_WIDTH - 2 * margin
    canvas.setFillColorRGB(*ACCENT)
    canvas.rect(0, PAGE_HEIGHT - 32 * MM, PAGE_WIDTH, 32 * MM, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(fonts.regular, 11)
    canvas.drawString(
        margin,
        PAGE_HEIGHT - 13 * MM,
        _clip(meeting.fields.organization, fonts.regular, 11, width),
    )
    canvas.setFont(fonts.bold, 22)
    canvas.drawString(margin, PAGE_HEIGHT - 24 * MM, _("Invitation"))

    y = PAGE_HEIGHT - 48 * MM
    canvas.setFillColorRGB(*INK)
    title_size = _fit(meeting.fields.title, fonts.bold, 17, width, 11)
    canvas.setFont(fonts.bold, title_size)
    canvas.drawString(margin, y, _clip(meeting.fields.title, fonts.bold, title_size, width))
    y -= 10 * MM
    for label, value in (
        (_("Date"), _when(meeting)),
        (_("Lieu"), meeting.fields.place),
    ):
        if not value:
            continue
        canvas.setFillColorRGB(*MUTED)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(margin, y, label)
        canvas.setFillColorRGB(*INK)
        canvas.setFont(fonts.bold, 11)
        canvas.drawString(margin + 22 * MM, y, _clip(value, fonts.bold, 11, width - 22 * MM))
        y -= 7 * MM

    y -= 4 * MM
    canvas.setFont(fonts.regular, 11)
    canvas.drawString(
        margin,
        y,
        printable(_("Bonjour {name},").format(name=badge.display_name or _("Madame, Monsieur"))),
    )
    y -= 6 * MM
    y = _draw_paragraph(
        canvas,
        _(
            "Vous êtes inscrit(e) à cette réunion. À votre arrivée, présentez le code ci-dessous "
            "à l'accueil, imprimé ou sur l'écran de votre téléphone."
        ),
        fonts.regular,
        11,
        margin,
        y,
        width,
    )

    if meeting.agenda:
        y -= 4 * MM
        canvas.setFont(fonts.bold, 11)
        canvas.drawString(margin, y, _("Ordre du jour"))
        y -= 6 * MM
        canvas.setFont(fonts.regular, 10)
        for position, item in enumerate(meeting.agenda[:8], start=1):
            text = f"{position}. {item.title}"
            canvas.drawString(margin + 4 * MM, y, _clip(text, fonts.regular, 10, width))
            y -= 5.5 * MM

    qr_size = 62 * MM
    box_height = qr_size + 24 * MM
    box_y = 32 * MM
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(1)
    canvas.roundRect(margin, box_y, width, box_height, 4 * MM, stroke=1, fill=0)
    qr_x = margin + 8 * MM
    draw_qr(canvas, badge.token, qr_x, box_y + 12 * MM, qr_size)
    text_x = qr_x + qr_size + 10 * MM
    text_width = margin + width - text_x - 6 * MM
    canvas.setFillColorRGB(*INK)
    name_size, name_lines = _wrap(badge.display_name, fonts.bold, 18, 12, text_width)
    canvas.setFont(fonts.bold, name_size)
    name_y = box_y + box_height - 22 * MM
    for line in name_lines:
        canvas.drawString(text_x, name_y, line)
        name_y -= name_size * 1.2
    if badge.commune:
        canvas.setFillColorRGB(*MUTED)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(
            text_x, name_y - 2 * MM, _clip(badge.commune, fonts.regular, 10, text_width)
        )
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(fonts.regular, 9)
    canvas.drawString(text_x, box_y + 30 * MM, _("Code manuel"))
    canvas.setFillColorRGB(*INK)
    canvas.setFont(fonts.mono, 20)
    canvas.drawString(text_x, box_y + 21 * MM, format_manual_code(badge.manual_code))
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(fonts.regular, 8)
    _draw_paragraph(
        canvas,
        _("À donner à l'accueil si le QR code ne peut pas être lu."),
        fonts.regular,
        8,
        text_x,
        box_y + 14 * MM,
        text_width,
    )

    canvas.setFont(fonts.regular, 7.5)
    notice = _(
        "Données personnelles : vos nom et coordonnées servent uniquement pour : {purpose}. "
        "L'organisateur les efface de CivoDesk une fois la réunion close et ses suites "
        "traitées ; vous pouvez lui en demander une copie."
    ).format(purpose=badge.consent_purpose or _("l'organisation de cette réunion"))
    _draw_paragraph(canvas, notice, fonts.regular, 7.5, margin, 20 * MM, width)


def _draw_paragraph(
    canvas: Any, text: str, font: str, size: float, x: float, y: float, width: float
) -> float:
    return draw_wrapped(canvas, printable(text), font, size, x, y, width)


def write_badges_pdf(
    target: str | Path | IO[bytes],
    meeting: MeetingDetails,
    badges: Sequence[BadgeView],
    layout: Layout = "sheet",
    progress: Callable[[int], None] = lambda _done: None,
) -> int:
    """Write the PDF; returns the number of pages. ``progress`` gets the count of badges drawn.

    A path is written atomically (``DocumentWriteError`` if it cannot be); the same badges give
    the same bytes (the PDF's date is the meeting's start).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout: {layout!r}")
    fonts = _fonts()
    info = DocumentInfo(
        title=_("Badges — {title}").format(title=meeting.fields.title),
        author=meeting.fields.organization,
        timestamp=meeting.fields.starts_at,
        language=current_language(),
    )

    def draw(canvas: Any) -> int:
        if layout == "sheet":
            _draw_sheet(canvas, fonts, meeting, badges, progress)
            return max(1, -(-len(badges) // (COLUMNS * ROWS)))
        for index, badge in enumerate(badges):
            if index:
                canvas.showPage()
            _draw_invitation(canvas, fonts, meeting, badge)
            progress(index + 1)
        return max(1, len(badges))

    return write_canvas_pdf(target, info, draw, (PAGE_WIDTH, PAGE_HEIGHT))
