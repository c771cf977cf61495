"""Contents and headings of long documents: one pass with the contents at the end, two with them
at the front, and a heading never left alone at the bottom of a page."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from civodesk.documents.page_template import render_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import heading, paragraph, spacer

INFO = DocumentInfo("Essai", "Commune de Mana", datetime(2026, 12, 1, tzinfo=UTC))
FILLER = "Les habitants demandent des bancs et de l'ombre sur la place du marché. " * 6


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from reportlab.platypus import BaseDocTemplate

    count = [0]
    build = BaseDocTemplate.build

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counting)
    return count


def pages_of(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout
    return text.split("\f")


def long_story() -> list[Any]:
    story: list[Any] = [paragraph("Compte-rendu")]
    for number in range(1, 61):
        story += [heading(f"Point {number}"), *(paragraph(FILLER) for _ in range(3))]
    return story


def test_contents_at_the_end_take_one_pass_and_give_the_right_pages(
    passes: list[int], tmp_path: Path
) -> None:
    story = long_story()
    data, _pages = render_pdf(story, INFO, table_of_contents="always", contents_position=len(story))
    assert passes[0] == 1
    pages = pages_of(data, tmp_path)
    first = next(n for n, page in enumerate(pages) if "Table des matières" in page)
    contents = "".join(pages[first:])  # the last pages
    where = next(
        n
        for n, page in enumerate(pages, start=1)
        if re.search(r"^\s*Point 60\s*$", page, re.MULTILINE)
    )
    listed = re.search(r"Point 60\D+(\d+)", contents)
    assert listed is not None
    assert int(listed.group(1)) == where


def test_contents_at_the_front_take_two_passes(passes: list[int]) -> None:
    render_pdf(long_story(), INFO, table_of_contents="always", contents_position=1)
    assert passes[0] == 2


@pytest.mark.parametrize("filled", range(600, 700, 3))
def test_a_heading_stays_with_its_paragraph(filled: int, tmp_path: Path) -> None:
    """Wherever the heading falls near the bottom, its paragraph is on the same page."""
    story: list[Any] = [paragraph("Début"), spacer(filled)]
    story += [heading("Intégrité du document"), paragraph("Ce document est établi. " * 12)]
    data, _pages = render_pdf(story, INFO, table_of_contents="never")
    pages = pages_of(data, tmp_path)
    with_heading = next(n for n, page in enumerate(pages) if "Intégrité du document" in page)
    with_text = next(n for n, page in enumerate(pages) if "Ce document est établi" in page)
    assert with_heading == with_text
