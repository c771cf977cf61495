"""The table of contents of a long document, listing the headings made by ``story.heading``.

Reportlab fills a table of contents over several layout passes (page numbers are known only after
a pass). ``OptionalTableOfContents`` can also decide after the first pass: in "auto" mode it stays
invisible (no space, no title) unless the document runs beyond a number of pages, and then asks
for the passes that place it.
"""

from __future__ import annotations

from typing import Any

from civodesk.documents.styles import document_styles
from civodesk.i18n import _


def _table_of_contents_base() -> type:
    from reportlab.platypus.tableofcontents import TableOfContents

    return TableOfContents  # type: ignore[no-any-return]


class OptionalTableOfContents(_table_of_contents_base()):  # type: ignore[misc]
    """A reportlab ``TableOfContents`` that may be hidden, with its own title and page break."""

    def __init__(self, *, shown: bool, show_beyond_pages: int | None, at_end: bool = False) -> None:
        styles = document_styles()
        super().__init__(levelStyles=list(styles.toc_levels), dotsMinLevel=0)
        self.shown = shown
        # At the end of the document (the French "table des matières"), every heading is laid
        # out before the contents are: one pass gives their pages, no second pass is needed.
        self.at_end = at_end
        self._show_beyond_pages = show_beyond_pages
        self._template: Any = None
        self._just_shown = False

    def attach(self, template: Any) -> None:
        """The document template whose passes this follows (to count their pages)."""
        self._template = template

    def reserve(self, entries: list[tuple[int, str, int, str]]) -> None:
        """Lay the first pass out with these entries (the story's headings, placeholder pages),
        so the contents take their real room at once: the pages after them no longer shift
        in the second pass, and the usual two passes suffice instead of three."""
        self._entries = list(entries)

    def flowables(self) -> list[Any]:
        """The title, this table and a page break: what to insert into the story (at the end:
        a page break, the title and this table)."""
        from reportlab.platypus import Paragraph

        if self.at_end:
            title = Paragraph(_("Table des matières"), document_styles().toc_title)
            return [_page_break_when_shown(self), _Shown(self, title), self]
        title = Paragraph(_("Sommaire"), document_styles().toc_title)
        return [_Shown(self, title), self, _page_break_when_shown(self)]

    def beforeBuild(self) -> None:  # noqa: N802 - reportlab's name
        super().beforeBuild()
        self._just_shown = False

    def afterBuild(self) -> None:  # noqa: N802 - reportlab's name
        pages = len(getattr(getattr(self._template, "canv", None), "_pages", ()))
        beyond = self._show_beyond_pages
        if not self.shown and beyond is not None and pages > beyond:
            self.shown = self._just_shown = True

    def isSatisfied(self) -> bool:  # noqa: N802 - reportlab's name
        """Hidden, or at the end, it needs no second pass: the document is laid out once."""
        if self._just_shown:
            return False
        return not self.shown or self.at_end or bool(super().isSatisfied())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self.shown:
            return 0, 0
        if self.at_end:
            self._lastEntries = self._entries[:]  # this pass's headings, all laid out already
        return super().wrap(available_width, available_height)  # type: ignore[no-any-return]

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if not self.shown:
            return []
        return super().split(available_width, available_height)  # type: ignore[no-any-return]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if self.shown:
            super().drawOn(canvas, x, y, _sW)


def _page_break_when_shown(toc: OptionalTableOfContents) -> Any:
    from reportlab.platypus.doctemplate import ActionFlowable

    class PageBreakWhenShown(ActionFlowable):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(("pageBreak",))

        def apply(self, doc: Any) -> None:
            if toc.shown:
                doc.handle_pageBreak()

    return PageBreakWhenShown()


def _flowable_base() -> type:
    from reportlab.platypus import Flowable

    return Flowable  # type: ignore[no-any-return]


class _Shown(_flowable_base()):  # type: ignore[misc]
    """A flowable that exists only while the table of contents is shown."""

    def __init__(self, toc: OptionalTableOfContents, inner: Any) -> None:
        super().__init__()
        self._toc = toc
        self._inner = inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self._toc.shown:
            return 0, 0
        return self._inner.wrap(available_width, available_height)  # type: ignore[no-any-return]

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if not self._toc.shown:
            return []
        return [self._inner]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if self._toc.shown:
            self._inner.drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self._inner.getSpaceBefore()) if self._toc.shown else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self._inner.getSpaceAfter()) if self._toc.shown else 0.0
