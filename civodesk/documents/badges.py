"""Badges and invitations as PDF: an A4 sheet of badges to cut out, or one invitation per page.

Each badge carries the name, the QR code of its signed token and the 8-character manual code. QR
codes are drawn as vector rectangles (one per run of dark modules) so they stay sharp at any print
resolution. The QR symbols are encoded by zxing-cpp (C++; the pure-Python ``qrcode`` package took
10 ms a code, too slow for 1,000 badges in 5 s); every code of a generated PDF is decoded back in
the tests from a 150 dpi rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, cast

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.views import BadgeView
from civodesk.domain.meeting import MeetingDetails
from civodesk.i18n import _, current_language

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


def _register_fonts() -> Fonts:
    """DejaVu when available (every script a name may use), else the PDF base fonts (Latin-1)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        for name, file in (
            ("CivoSans", "DejaVuSans.ttf"),
            ("CivoSans-Bold", "DejaVuSans-Bold.ttf"),
            ("CivoMono", "DejaVuSansMono-Bold.ttf"),
        ):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, file))
    except TTFError:
        return Fonts("Helvetica", "Helvetica-Bold", "Courier-Bold")
    return Fonts("CivoSans", "CivoSans-Bold", "CivoMono")


def qr_modules(token: str) -> list[list[bool]]:
    """The QR matrix of a token (level M; zxing-cpp picks alphanumeric mode for a token)."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(token, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(cast(Any, barcode.to_image(scale=1, add_quiet_zones=False)))
    height, width = image.shape or (0, 0)
    pixels = image.tobytes()
    return [[pixels[row * width + col] < 128 for col in range(width)] for row in range(height)]


def draw_qr(canvas: Any, token: str, x: float, y: float, size: float) -> None:
    """Draw the QR with its bottom-left corner at (x, y), ``size`` wide including a 2-module margin.

    Dark modules are written as raw PDF rectangles in module units (one per horizontal run), which
    keeps a 1,000-badge PDF fast to make and small.
    """
    modules = qr_modules(token)
    count = len(modules)
    module = size / (count + 4)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    runs: list[str] = []
    for row_index, row in enumerate(modules):
        run_start = None
        for col_index, dark in enumerate([*row, False]):
            if dark and run_start is None:
                run_start = col_index
            elif not dark and run_start is not None:
                runs.append(f"{run_start} {row_index} {col_index - run_start} 1 re")
                run_start = None
    canvas.saveState()
    canvas.transform(module, 0, 0, -module, x + 2 * module, y + size - 2 * module)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _fit(canvas: Any, text: str, font: str, size: float, width: float, minimum: float) -> float:
    """The largest font size ≤ ``size`` at which ``text`` fits ``width`` (not below ``minimum``)."""
    while size > minimum and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _wrap(
    canvas: Any, text: str, font: str, largest: float, smallest: float, width: float
) -> tuple[float, list[str]]:
    """One line at the largest size that fits, else up to two lines (cut at a space or hyphen)."""
    size = _fit(canvas, text, font, largest, width, smallest)
    if canvas.stringWidth(text, font, size) <= width:
        return size, [text]
    for cut in range(len(text) - 1, 0, -1):
        if text[cut] in " -" and canvas.stringWidth(text[: cut + 1], font, smallest) <= width:
            head = text[: cut + 1].rstrip()
            return smallest, [head, _clip(canvas, text[cut + 1 :].strip(), font, smallest, width)]
    return smallest, [_clip(canvas, text, font, smallest, width)]


def _clip(canvas: Any, text: str, font: str, size: float, width: float) -> str:
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _when(meeting: MeetingDetails) -> str:
    from babel.dates import format_datetime, format_time

    locale = "fr_FR" if current_language() == "fr" else "en_GB"
    start: datetime = meeting.fields.starts_at
    end: datetime = meeting.fields.ends_at
    day = format_datetime(start, "EEEE d MMMM y", locale=locale)
    pattern = "HH 'h' mm" if current_language() == "fr" else "HH:mm"
    return _("{day}, de {start} à {end}").format(
        day=day[:1].upper() + day[1:],
        start=format_time(start, pattern, locale=locale),
        end=format_time(end, pattern, locale=locale),
    )


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
        _clip(canvas, meeting.fields.title, fonts.bold, 8.5, inner),
    )
    canvas.setFont(fonts.regular, 7)
    canvas.drawString(
        x + 4 * MM,
        y + BADGE_HEIGHT - 8.7 * MM,
        _clip(canvas, _when(meeting), fonts.regular, 7, inner),
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
        size, lines = _wrap(canvas, text, fonts.bold, largest, smallest, text_width)
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
            _clip(canvas, badge.commune, fonts.regular, 9, text_width),
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
        _clip(canvas, meeting.fields.organization, fonts.regular, 11, width),
    )
    canvas.setFont(fonts.bold, 22)
    canvas.drawString(margin, PAGE_HEIGHT - 24 * MM, _("Invitation"))

    y = PAGE_HEIGHT - 48 * MM
    canvas.setFillColorRGB(*INK)
    title_size = _fit(canvas, meeting.fields.title, fonts.bold, 17, width, 11)
    canvas.setFont(fonts.bold, title_size)
    canvas.drawString(margin, y, _clip(canvas, meeting.fields.title, fonts.bold, title_size, width))
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
        canvas.drawString(
            margin + 22 * MM, y, _clip(canvas, value, fonts.bold, 11, width - 22 * MM)
        )
        y -= 7 * MM

    y -= 4 * MM
    canvas.setFont(fonts.regular, 11)
    canvas.drawString(
        margin, y, _("Bonjour {name},").format(name=badge.display_name or _("Madame, Monsieur"))
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
            canvas.drawString(margin + 4 * MM, y, _clip(canvas, text, fonts.regular, 10, width))
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
    name_size, name_lines = _wrap(canvas, badge.display_name, fonts.bold, 18, 12, text_width)
    canvas.setFont(fonts.bold, name_size)
    name_y = box_y + box_height - 22 * MM
    for line in name_lines:
        canvas.drawString(text_x, name_y, line)
        name_y -= name_size * 1.2
    if badge.commune:
        canvas.setFillColorRGB(*MUTED)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(text_x, name_y - 2 * MM, badge.commune)
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
    """Draw ``text`` wrapped to ``width`` from baseline ``y`` down; returns the next baseline."""
    from reportlab.lib.utils import simpleSplit

    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y


def write_badges_pdf(
    target: str | Path | IO[bytes],
    meeting: MeetingDetails,
    badges: Sequence[BadgeView],
    layout: Layout = "sheet",
    progress: Callable[[int], None] = lambda _done: None,
) -> int:
    """Write the PDF; returns the number of pages. ``progress`` gets the count of badges drawn."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout: {layout!r}")
    fonts = _register_fonts()
    ascii85 = rl_config.useA85
    rl_config.useA85 = 0  # binary compressed streams: ASCII85 in pure Python doubled the time
    try:
        output = str(target) if isinstance(target, Path) else target
        canvas = Canvas(output, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
        canvas.setTitle(_("Badges — {title}").format(title=meeting.fields.title))
        canvas.setAuthor(meeting.fields.organization)
        canvas.setCreator("CivoDesk")
        if layout == "sheet":
            _draw_sheet(canvas, fonts, meeting, badges, progress)
            pages = max(1, -(-len(badges) // (COLUMNS * ROWS)))
        else:
            for index, badge in enumerate(badges):
                if index:
                    canvas.showPage()
                _draw_invitation(canvas, fonts, meeting, badge)
                progress(index + 1)
            pages = max(1, len(badges))
        canvas.save()
    finally:
        rl_config.useA85 = ascii85
    return pages
