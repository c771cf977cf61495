"""Printable paper ballots for a vote: a box per option, or the grade grid of majority judgment.

Drawn on the shared canvas machinery (``civodesk.documents.canvas_document``): embedded fonts,
reproducible metadata, atomic writing. Two ballots per A4 page with a cut line when they fit in
half a page, one per page otherwise. A ballot carries no number nor code: nothing on it can tell
one voter's paper from another's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from civodesk.documents.canvas_document import write_canvas_pdf
from civodesk.documents.fitting import ellipsize, wrap_lines
from civodesk.documents.fonts import SANS, family
from civodesk.documents.glyphs import printable
from civodesk.documents.page_template import PAGE_HEIGHT, PAGE_WIDTH
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.typography import typeset
from civodesk.i18n import _, current_language
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.vote import VoteView

MM = 72 / 25.4
MARGIN = 15 * MM
ROW = 9 * MM
INK = (0.12, 0.16, 0.22)
MUTED = (0.40, 0.44, 0.50)


def instructions(vote: VoteView) -> str:
    rules = dict(vote.rules or {})
    method = vote.method
    if method in {"yes_no_abstain", "single"}:
        return _("Cochez une seule case.")
    if method == "approval":
        if rules.get("max_choices"):
            return _("Cochez au plus {count} cases.").format(count=rules["max_choices"])
        return _("Cochez toutes les options que vous approuvez.")
    if method == "dots":
        return _(
            "Répartissez jusqu'à {dots} gommettes, au plus {most} sur une même option : "
            "écrivez le nombre dans la case."
        ).format(dots=rules.get("dots_per_person"), most=rules.get("max_per_option"))
    if method == "score":
        return _("Donnez à chaque option une note de 0 à {top}.").format(top=rules.get("max_score"))
    if method in {"borda", "schulze", "irv"}:
        return _(
            "Numérotez les options par ordre de préférence (1 pour la préférée) ; "
            "vous pouvez n'en classer que certaines."
        )
    return _(
        "Pour chaque option, cochez une mention. Une option sans mention reçoit « À rejeter »."
    )


def ballot_height(vote: VoteView) -> float:
    header = 34 * MM
    rows = len(vote.options) * ROW
    grid = 14 * MM if vote.method == "majority_judgment" else 0
    return header + rows + grid + 10 * MM


def _draw_ballot(canvas: Any, vote: VoteView, title: str, top: float) -> None:
    sans = family(SANS)
    width = PAGE_WIDTH - 2 * MARGIN
    y = top - MARGIN
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(sans.regular, 9)
    canvas.drawString(MARGIN, y, ellipsize(printable(title), sans.regular, 9, width))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, y, _("Bulletin de vote"))
    y -= 8 * MM
    canvas.setFillColorRGB(*INK)
    for line in wrap_lines(typeset(printable(vote.question)), sans.bold, 14, width)[:3]:
        canvas.setFont(sans.bold, 14)
        canvas.drawString(MARGIN, y, line)
        y -= 6 * MM
    canvas.setFont(sans.regular, 9.5)
    for line in wrap_lines(typeset(instructions(vote)), sans.regular, 9.5, width)[:2]:
        canvas.drawString(MARGIN, y, line)
        y -= 4.5 * MM
    y -= 3 * MM
    if vote.method == "majority_judgment":
        _draw_grade_grid(canvas, vote, y, width)
        return
    box = 6 * MM
    for option in vote.options:
        canvas.setLineWidth(0.8)
        canvas.rect(MARGIN, y - box + 1.5 * MM, box, box, stroke=1, fill=0)
        canvas.setFont(sans.regular, 12)
        label = ellipsize(printable(option.label), sans.regular, 12, width - box - 5 * MM)
        canvas.drawString(MARGIN + box + 4 * MM, y - 3 * MM, label)
        y -= ROW


def _draw_grade_grid(canvas: Any, vote: VoteView, y: float, width: float) -> None:
    sans = family(SANS)
    label_width = width * 0.34
    cell = (width - label_width) / len(GRADES)
    canvas.setFont(sans.bold, 7.5)
    for index, grade in enumerate(GRADES):
        x = MARGIN + label_width + index * cell + cell / 2
        for offset, line in enumerate(wrap_lines(_(grade), sans.bold, 7.5, cell - 2)[:2]):
            canvas.drawCentredString(x, y - offset * 3.2 * MM, line)
    y -= 10 * MM
    box = 4.5 * MM
    for option in vote.options:
        canvas.setFont(sans.regular, 11)
        canvas.drawString(
            MARGIN,
            y - 3 * MM,
            ellipsize(printable(option.label), sans.regular, 11, label_width - 2),
        )
        for index in range(len(GRADES)):
            x = MARGIN + label_width + index * cell + (cell - box) / 2
            canvas.rect(x, y - box + 0.5 * MM, box, box, stroke=1, fill=0)
        canvas.setLineWidth(0.3)
        canvas.line(MARGIN, y - ROW + 3 * MM, PAGE_WIDTH - MARGIN, y - ROW + 3 * MM)
        canvas.setLineWidth(0.8)
        y -= ROW


def write_paper_ballots(
    target: str | Path | IO[bytes],
    vote: VoteView,
    meeting_title: str,
    count: int,
    timestamp: datetime,
) -> int:
    """Write ``count`` identical ballots; returns the number of pages."""
    height = ballot_height(vote)
    per_page = 2 if height <= PAGE_HEIGHT / 2 else 1
    info = DocumentInfo(
        title=_("Bulletins : {question}").format(question=vote.question),
        author=meeting_title,
        timestamp=timestamp,
        subject=_("Bulletins de vote"),
        language=current_language(),
    )

    def draw(canvas: Any) -> int:
        pages = 0
        for index in range(count):
            slot = index % per_page
            if slot == 0:
                if index:
                    canvas.showPage()
                pages += 1
            top = PAGE_HEIGHT - slot * PAGE_HEIGHT / 2
            _draw_ballot(canvas, vote, meeting_title, top)
            if per_page == 2 and slot == 0:
                canvas.setDash(3, 3)
                canvas.setStrokeColorRGB(*MUTED)
                canvas.line(MARGIN / 2, PAGE_HEIGHT / 2, PAGE_WIDTH - MARGIN / 2, PAGE_HEIGHT / 2)
                canvas.setDash()
                canvas.setStrokeColorRGB(0, 0, 0)
        return pages

    return write_canvas_pdf(target, info, draw)


def grade_labels() -> Sequence[str]:
    return [_(grade) for grade in GRADES]
