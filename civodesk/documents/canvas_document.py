"""Documents drawn at fixed places on the page (badges, paper ballots) rather than flowed.

``write_canvas_pdf`` gives the drawing function a reportlab canvas already carrying the
document's metadata and reproducible settings, and writes the result like every CivoDesk PDF:
atomically for a path, ``DocumentWriteError`` when it cannot be written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from civodesk.documents.output import write_atomically
from civodesk.documents.page_template import PAGE_HEIGHT, PAGE_WIDTH
from civodesk.documents.rendering import (
    DocumentInfo,
    apply_info,
    canvas_options,
    reportlab_session,
)

T = TypeVar("T")


def write_canvas_pdf(
    target: str | Path | IO[bytes],
    info: DocumentInfo,
    draw: Callable[[Any], T],
    page_size: tuple[float, float] = (PAGE_WIDTH, PAGE_HEIGHT),
) -> T:
    """Call ``draw(canvas)`` (it calls ``canvas.showPage()`` between pages), save, return its
    result. The fonts of ``civodesk.documents.fonts`` are registered before."""
    from civodesk.documents.fonts import register_fonts

    register_fonts()

    def render(stream: IO[bytes]) -> T:
        from reportlab.pdfgen.canvas import Canvas

        with reportlab_session():
            canvas = Canvas(stream, pagesize=page_size, **canvas_options(info))
            apply_info(canvas, info)
            result = draw(canvas)
            canvas.save()
        return result

    if isinstance(target, str | Path):
        return write_atomically(target, render)
    return render(target)
