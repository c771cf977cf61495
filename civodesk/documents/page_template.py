"""The A4 page every flowing document shares, and ``build_pdf`` that lays a story out on it.

Each page has a header (two texts and a rule), a footer with a line for the journal's
fingerprint and "page X / Y", and for drafts a "PROJET" stamp across it. The total number of
pages is known only at the end, so pages are kept until ``save`` and decorated then (the usual
reportlab "numbered canvas"). Headings made by ``civodesk.documents.story.heading`` become PDF
bookmarks and, when the document is long, a table of contents (``civodesk.documents.toc``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal

from civodesk.documents.fitting import ellipsize, fit_size, text_width
from civodesk.documents.fonts import MONO, SANS, family
from civodesk.documents.glyphs import printable
from civodesk.documents.output import write_atomically
from civodesk.documents.rendering import (
    PRODUCER,
    DocumentInfo,
    apply_info,
    canvas_options,
    reportlab_session,
)
from civodesk.documents.styles import INK, MUTED, RULE
from civodesk.documents.typography import typeset
from civodesk.i18n import _

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT_MARGIN = RIGHT_MARGIN = 18 * MM
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 24 * MM
CONTENT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
CONTENT_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
LONG_DOCUMENT_PAGES = 8  # "auto" adds a table of contents beyond this
MIN_ROOM_UNDER_HEADING = 12 * MM  # less room than this under a heading: it moves to the next page

TableOfContentsMode = Literal["auto", "always", "never"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PageFurniture:
    """What is printed around the text of every page.

    ``footer_line`` is for the journal's fingerprint ("Empreinte du journal (SHA-256) : …"), set
    in a monospace face and shrunk, never cut, to fit the width; ``draft`` prints "PROJET".
    """

    header_left: str = ""
    header_right: str = ""
    footer_line: str = ""
    draft: bool = False


class _PageCount:
    """Filled by the canvas when it saves: the number of pages of the finished document."""

    pages = 0


def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(
            self,
            *args: Any,
            furniture: PageFurniture,
            info: DocumentInfo,
            count: _PageCount,
            **kwargs: Any,
        ) -> None:
            kwargs.update(canvas_options(info))
            super().__init__(*args, **kwargs)
            apply_info(self, info)
            self._furniture = furniture
            self._count = count
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, self._furniture, number, total)
                Canvas.showPage(self)
            self._count.pages = total
            Canvas.save(self)

    return NumberedCanvas


def _draw_furniture(canvas: Any, furniture: PageFurniture, number: int, total: int) -> None:
    sans = family(SANS)
    canvas.saveState()
    top = PAGE_HEIGHT - 12 * MM
    half = CONTENT_WIDTH / 2 - 3 * MM
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(sans.regular, 8)
    if furniture.header_left:
        text = ellipsize(printable(typeset(furniture.header_left)), sans.regular, 8, half)
        canvas.drawString(LEFT_MARGIN, top, text)
    if furniture.header_right:
        text = ellipsize(printable(typeset(furniture.header_right)), sans.regular, 8, half)
        canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, top, text)
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT_MARGIN, top - 2.5 * MM, PAGE_WIDTH - RIGHT_MARGIN, top - 2.5 * MM)

    bottom = 12 * MM
    canvas.line(LEFT_MARGIN, bottom + 6 * MM, PAGE_WIDTH - RIGHT_MARGIN, bottom + 6 * MM)
    page_text = _("page {page} / {total}").format(page=number, total=total)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(sans.regular, 8.5)
    canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, bottom + 1.5 * MM, page_text)
    if furniture.footer_line:
        room = CONTENT_WIDTH - text_width(page_text, sans.regular, 8.5) - 6 * MM
        line = printable(furniture.footer_line, MONO)
        size = fit_size(line, MONO, 7, room, 4)
        canvas.setFillColorRGB(*MUTED)
        canvas.setFont(MONO, size)
        canvas.drawString(LEFT_MARGIN, bottom + 1.5 * MM, line)
    if furniture.draft:
        _draw_draft_stamp(canvas)
    canvas.restoreState()


def _draw_draft_stamp(canvas: Any) -> None:
    word = _("PROJET")
    bold = family(SANS).bold
    size = fit_size(word, bold, 110, PAGE_HEIGHT * 0.75, 40)
    canvas.saveState()
    canvas.setFillColorRGB(0.75, 0.12, 0.12)
    canvas.setFillAlpha(0.13)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(55)
    canvas.setFont(bold, size)
    canvas.drawCentredString(0, -size / 3, word)
    canvas.restoreState()


def _document_template(target: IO[bytes], info: DocumentInfo) -> Any:
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, KeepTogether, PageTemplate
    from reportlab.platypus.flowables import _listWrapOn

    class KeepWithNext(KeepTogether):  # type: ignore[misc]
        """A heading and what follows it: together at the top of the next page, unless the
        start of what follows (two lines, a table's first rows) fits under it on this one."""

        def split(self, width: float, height: float) -> list[Any]:
            if getattr(self, "_wrapInfo", None) != (width, height):
                self.wrap(width, height)
            content = list(self._content)
            frame = getattr(self, "_frame", None)
            if height >= self._H or (frame is not None and getattr(frame, "_atTop", False)):
                return content
            *heads, rest = content
            _, head_height = _listWrapOn(heads, width, self.canv)
            # the last heading's space after counts too: without it, a paragraph that "fits"
            # here is then pushed overleaf, leaving the heading alone at the bottom
            room = height - head_height - max(heads[-1].getSpaceAfter(), rest.getSpaceBefore())
            if room >= MIN_ROOM_UNDER_HEADING and rest.splitOn(self.canv, width, room):
                return content
            return [FrameBreak(), *content]

    class Template(BaseDocTemplate):  # type: ignore[misc]
        """Turns headings into bookmarks and contents entries, keyed by their order (the same
        keys on every pass and every machine)."""

        def beforeDocument(self) -> None:  # noqa: N802 - reportlab's name
            self._sections = 0
            self._outline_level = -1

        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's name
            level = getattr(flowable, "outline_level", None)
            if level is None:
                return
            level = min(level, self._outline_level + 1)  # an outline may not skip a level
            self._outline_level = level
            self._sections += 1
            key = f"section-{self._sections}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, flowable.outline_markup, self.page, key))

    frame = Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        CONTENT_WIDTH,
        CONTENT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return Template(
        target,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(info.keywords),
        creator="CivoDesk",
        producer=PRODUCER,
        invariant=1,
        lang=info.pdf_language,
        keepTogetherClass=KeepWithNext,
        displayDocTitle=1,
    )


def render_pdf(
    story: Sequence[Any],
    info: DocumentInfo,
    furniture: PageFurniture = PageFurniture(),
    *,
    table_of_contents: TableOfContentsMode = "auto",
    contents_position: int = 1,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """Lay ``story`` (platypus flowables) out on CivoDesk pages; returns (PDF bytes, pages).

    ``table_of_contents``: "always", "never", or "auto": only when the document runs beyond
    ``LONG_DOCUMENT_PAGES`` pages (that costs two more passes). The contents go before the
    story's flowable number ``contents_position`` (after the cover title by default); at
    ``len(story)`` or beyond they close the document as a "Table des matières", which needs no
    second layout pass (every heading is placed before them). ``progress(done, total)`` counts flowables laid out in the current pass.
    """
    from civodesk.documents.toc import OptionalTableOfContents

    flowables = list(story)
    toc = None
    if table_of_contents != "never":
        toc = OptionalTableOfContents(
            shown=table_of_contents == "always",
            show_beyond_pages=LONG_DOCUMENT_PAGES if table_of_contents == "auto" else None,
            at_end=contents_position >= len(flowables),
        )
        toc.reserve(_contents_entries(flowables))
        flowables[contents_position:contents_position] = toc.flowables()
    with reportlab_session():
        buffer = io.BytesIO()
        count = _PageCount()
        template = _document_template(buffer, info)
        if progress is not None:
            template.setProgressCallBack(_progress_relay(progress))
        canvas_class = _numbered_canvas_class()
        maker = partial(canvas_class, furniture=furniture, info=info, count=count)
        if toc is not None:
            toc.attach(template)
        template.multiBuild(flowables, canvasmaker=maker)
    return buffer.getvalue(), count.pages


PLACEHOLDER_PAGE = 999  # as wide as the page numbers of a long document


def _contents_entries(flowables: Sequence[Any]) -> list[tuple[int, str, int, str]]:
    """The entries the headings of ``flowables`` will make, in order (as ``afterFlowable`` does)."""
    entries: list[tuple[int, str, int, str]] = []
    previous = -1

    def visit(items: Sequence[Any]) -> None:
        nonlocal previous
        for flowable in items:
            level = getattr(flowable, "outline_level", None)
            if level is not None:
                previous = min(level, previous + 1)
                key = f"section-{len(entries) + 1}"
                entries.append((previous, flowable.outline_markup, PLACEHOLDER_PAGE, key))
            inner = getattr(flowable, "_content", None)
            if isinstance(inner, list):
                visit(inner)

    visit(flowables)
    return entries


def _progress_relay(progress: Progress) -> Callable[[str, int], None]:
    total = 0

    def relay(kind: str, value: int) -> None:
        nonlocal total
        if kind == "SIZE_EST":
            total = value
        elif kind == "PROGRESS":
            progress(value, total)

    return relay


def build_pdf(
    target: str | Path | IO[bytes],
    story: Sequence[Any],
    info: DocumentInfo,
    furniture: PageFurniture = PageFurniture(),
    *,
    table_of_contents: TableOfContentsMode = "auto",
    contents_position: int = 1,
    progress: Progress | None = None,
) -> int:
    """Render and write the PDF (atomically when ``target`` is a path); returns its page count.

    Raises ``DocumentWriteError`` (a translated sentence) when the file cannot be written.
    """
    data, pages = render_pdf(
        story,
        info,
        furniture,
        table_of_contents=table_of_contents,
        contents_position=contents_position,
        progress=progress,
    )
    if isinstance(target, str | Path):
        write_atomically(target, lambda stream: stream.write(data))
    else:
        target.write(data)
    return pages
