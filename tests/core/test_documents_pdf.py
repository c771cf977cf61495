"""The shared page machinery: extractable text, page X / Y, repeated table headers, headings
kept with their text, long texts, metadata, and the same bytes for the same inputs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from civodesk.documents.page_template import PageFurniture, build_pdf, render_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import heading, key_values, long_text, notice, paragraph
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import Column, data_table
from civodesk.documents.typography import format_long_date, format_number
from civodesk.i18n import DEFAULT_LANGUAGE, set_language

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")
CLOSED_AT = datetime(2026, 11, 26, 21, 4, 5, tzinfo=PARIS)
INFO = DocumentInfo(
    title="Compte-rendu — Réunion publique de Mana",
    author="Commune de Mana",
    subject="Compte-rendu de réunion",
    keywords=("réunion", "compte-rendu"),
    timestamp=CLOSED_AT,
)
FINGERPRINT = "Empreinte du journal (SHA-256) : " + "0123456789abcdef" * 4
FURNITURE = PageFurniture("Commune de Mana", "Compte-rendu", FINGERPRINT)


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, with no-break spaces read as spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return text.split("\f")[:-1]


def squeezed_pages(pdf: Path) -> list[str]:
    """Each page's text in content order with every space removed (for the rotated stamp)."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", "-isodates", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in out.splitlines())
    }


def sample_story() -> list[object]:
    styles = document_styles()
    rows = [
        [f"Mạnh Nguyễn n°{i}", "Saint-Laurent-du-Maroni", format_number(1234.5 * i)]
        for i in range(1, 41)
    ]
    return [
        paragraph(INFO.title, styles.title),
        paragraph(format_long_date(CLOSED_AT), styles.subtitle),
        heading("Présences"),
        paragraph("Étaient présents : Zoë Lefèvre, Œdipe Cœur, Tuiʻhau Teriitehau !"),
        data_table([Column("Nom", 3), Column("Commune", 3), Column("Montant", 1.5, "right")], rows),
        heading("Idées"),
        notice("Aucune idée n'a été proposée."),
    ]


def test_text_is_extractable_with_accents_dates_numbers_and_page_numbers(tmp_path: Path) -> None:
    pdf = tmp_path / "cr.pdf"
    pages = build_pdf(pdf, sample_story(), INFO, FURNITURE)
    text = pages_text(pdf)
    assert len(text) == pages >= 2
    whole = "\n".join(text)
    assert "jeudi 26 novembre 2026" in whole
    assert "Étaient présents : Zoë Lefèvre, Œdipe Cœur, Tuiʻhau Teriitehau !" in whole
    assert "Mạnh Nguyễn n°1 " in whole
    assert "1 234,5" in whole  # narrow no-break space grouping
    assert "49 380" in whole  # 1234.5 × 40
    for number, page in enumerate(text, start=1):
        assert f"page {number} / {pages}" in page
        assert FINGERPRINT in page
        assert "Commune de Mana" in page


def test_same_inputs_give_the_same_bytes() -> None:
    first, _ = render_pdf(sample_story(), INFO, FURNITURE)
    second, _ = render_pdf(sample_story(), INFO, FURNITURE)
    assert first == second
    other, _ = render_pdf(sample_story(), INFO, PageFurniture(footer_line="autre"))
    assert other != first


def test_metadata_come_from_the_document_info(tmp_path: Path) -> None:
    pdf = tmp_path / "cr.pdf"
    build_pdf(pdf, sample_story(), INFO, FURNITURE)
    info = pdf_info(pdf)
    assert info["Title"] == INFO.title
    assert info["Author"] == "Commune de Mana"
    assert info["Subject"] == "Compte-rendu de réunion"
    assert info["Keywords"] == "réunion, compte-rendu"
    assert info["Creator"] == "CivoDesk"
    assert info["CreationDate"] == info["ModDate"] == "2026-11-26T21:04:05+01"
    assert b"/Lang (fr-FR)" in pdf.read_bytes()
    english = DocumentInfo("Minutes", "Mana", CLOSED_AT, language="en")
    data, _ = render_pdf([paragraph("Hello")], english)
    assert b"/Lang (en-GB)" in data


def test_three_hundred_rows_paginate_with_the_header_on_every_page(tmp_path: Path) -> None:
    rows = [[str(i), f"Participant {i:03d}", "Apatou"] for i in range(1, 301)]
    table = data_table(
        [Column("N°", 1, "right"), Column("Nom et prénom", 5), Column("Commune", 3)], rows
    )
    pdf = tmp_path / "presences.pdf"
    pages = build_pdf(pdf, [heading("Présences"), table], INFO, table_of_contents="never")
    text = pages_text(pdf)
    assert pages == len(text) >= 5
    for page in text:
        assert re.search(r"N°\s+Nom et prénom\s+Commune", page)
    found = [int(n) for page in text for n in re.findall(r"Participant (\d{3})", page)]
    assert found == list(range(1, 301))  # every row once, in order, none split or lost


def test_a_heading_never_ends_a_page(tmp_path: Path) -> None:
    filler = "Une phrase de remplissage qui occupe la page. " * 12
    # one of these positions leaves the heading alone at the foot of page 1 without keepWithNext
    for lines_before in range(30, 40):
        story = [paragraph(f"Ligne {i}. {filler[:60]}") for i in range(lines_before)]
        story += [heading("Point suivant de l'ordre du jour"), paragraph(filler)]
        pdf = tmp_path / f"orphan-{lines_before}.pdf"
        build_pdf(pdf, story, INFO, table_of_contents="never")
        for page in pages_text(pdf):
            body = [line for line in page.splitlines() if line.strip()][1:-1]  # header, footer
            assert "Point suivant" not in body[-1], lines_before


def test_a_long_idea_and_emoji_break_across_pages_without_loss(tmp_path: Path) -> None:
    words = [f"mot{i}" for i in range(2700)]  # about 20,000 characters, no blank line
    idea = " ".join(words) + " Fin de l'idée 🎉👍🏽 ✓"
    assert len(idea) > 20_000
    giant_word = "x" * 3000  # no space at all: cut where it must be
    pdf = tmp_path / "idee.pdf"
    pages = build_pdf(pdf, [*long_text(idea), *long_text(giant_word)], INFO)
    assert pages >= 4
    text = "\n".join(pages_text(pdf))
    assert re.findall(r"mot\d+", text) == words
    assert "Fin de l'idée \ufffd\ufffd ✓" in text
    assert text.count("x") >= 3000


def test_a_draft_carries_the_projet_stamp_on_every_page(tmp_path: Path) -> None:
    draft = tmp_path / "projet.pdf"
    build_pdf(draft, sample_story(), INFO, PageFurniture(draft=True))
    final = tmp_path / "final.pdf"
    build_pdf(final, sample_story(), INFO, PageFurniture())
    assert all("PROJET" in page for page in squeezed_pages(draft))
    assert not any("PROJET" in page for page in squeezed_pages(final))
    set_language("en")
    english = tmp_path / "draft.pdf"
    build_pdf(english, sample_story(), INFO, PageFurniture(draft=True))
    assert all("DRAFT" in page for page in squeezed_pages(english))


def test_a_long_document_gets_a_table_of_contents(tmp_path: Path) -> None:
    story: list[object] = [paragraph("Compte-rendu", document_styles().title)]
    for item in range(1, 13):
        story.append(heading(f"Point {item} : budget participatif"))
        story += long_text("Des notes prises pendant la réunion. " * 120)
    long_pdf = tmp_path / "long.pdf"
    pages = build_pdf(long_pdf, story, INFO)
    first = pages_text(long_pdf)[0]
    assert "Sommaire" in first
    entries = re.findall(r"Point (\d+) : budget participatif[ .]+(\d+)", first)
    assert [int(item) for item, _ in entries] == list(range(1, 13))
    listed = {int(item): int(page) for item, page in entries}
    text = pages_text(long_pdf)
    for item, page in listed.items():  # each entry points at the page where the heading is
        assert f"Point {item} : budget participatif" in text[page - 1]
    assert pages == len(text)
    short_pdf = tmp_path / "court.pdf"
    build_pdf(short_pdf, sample_story(), INFO)
    assert "Sommaire" not in "\n".join(pages_text(short_pdf))


def test_a_stream_target_gets_the_same_bytes_as_a_file(tmp_path: Path) -> None:
    stream = io.BytesIO()
    build_pdf(stream, sample_story(), INFO, FURNITURE)
    path = tmp_path / "cr.pdf"
    build_pdf(path, sample_story(), INFO, FURNITURE)
    assert stream.getvalue() == path.read_bytes()


def test_progress_counts_the_laid_out_flowables() -> None:
    seen: list[tuple[int, int]] = []
    render_pdf(sample_story(), INFO, progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_another_process_makes_the_same_bytes(tmp_path: Path) -> None:
    """A desk and the server run separate processes, with other documents made before."""
    render_pdf([heading("Échauffement"), paragraph("autre document")], INFO)
    here, _ = render_pdf(sample_story(), INFO, FURNITURE)
    script = (
        "import sys\n"
        "from tests.core.test_documents_pdf import FURNITURE, INFO, render_pdf, sample_story\n"
        "sys.stdout.buffer.write(render_pdf(sample_story(), INFO, FURNITURE)[0])\n"
    )
    there = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, cwd=ROOT
    ).stdout
    assert there == here


def test_headings_with_markup_characters_and_skipped_levels(tmp_path: Path) -> None:
    story = [
        paragraph("Titre", document_styles().title),
        heading("Budget R&D <2027> : « priorités »", 3),  # level 3 first: the outline copes
        paragraph("Texte."),
        heading("Suite & fin", 1),
    ]
    pdf = tmp_path / "toc.pdf"
    build_pdf(pdf, story, INFO, table_of_contents="always")
    first = pages_text(pdf)[0]
    assert "Sommaire" in first
    assert "Budget R&D <2027> : « priorités »" in first
    assert "Suite & fin" in first


def test_a_table_cell_taller_than_a_page_continues_overleaf(tmp_path: Path) -> None:
    words = [f"mot{i}" for i in range(3000)]
    rows = [["court", "1"], [" ".join(words), "12"], ["après", "3"]]
    table = data_table([Column("Idée", 5), Column("Soutiens", 1, "right")], rows)
    pdf = tmp_path / "cellule.pdf"
    pages = build_pdf(pdf, [table], INFO, table_of_contents="never")
    text = pages_text(pdf)
    assert pages == len(text) >= 3
    assert all(re.search(r"Idée\s+Soutiens", page) for page in text)
    assert re.findall(r"mot\d+", "\n".join(text)) == words
    assert "après" in text[-1]


def test_a_huge_value_beside_its_label_breaks_across_pages(tmp_path: Path) -> None:
    description = " ".join(f"phrase{i}" for i in range(2500))
    pdf = tmp_path / "couverture.pdf"
    pages = build_pdf(pdf, [key_values([("Description", description)])], INFO)
    assert pages >= 2
    assert re.findall(r"phrase\d+", "\n".join(pages_text(pdf))) == description.split()


def used_code_points(pdf: Path) -> set[int]:
    """Every character the PDF's embedded fonts map glyphs to (from their ToUnicode maps).

    pdftotext prints U+00A0 and U+202F as plain spaces, so the maps are read instead.
    """
    data = pdf.read_bytes()
    found: set[int] = set()
    for match in re.finditer(rb"/Length (\d+)\s*>>\s*stream\r?\n", data):
        raw = data[match.end() : match.end() + int(match.group(1))]
        try:
            stream = zlib.decompress(raw)
        except zlib.error:
            continue
        if b"beginbfchar" in stream or b"beginbfrange" in stream:
            pairs = re.findall(rb"<[0-9A-Fa-f]{2,4}> <([0-9A-Fa-f]{4})>", stream)
            found |= {int(code, 16) for code in pairs}
    return found


def test_table_cells_and_headers_follow_french_spacing(tmp_path: Path) -> None:
    plain_cell = tmp_path / "cellule.pdf"
    table = data_table([Column("Total", 1, "right")], [["Quoi ?"]])
    build_pdf(plain_cell, [table], INFO, table_of_contents="never")
    assert 0x202F in used_code_points(plain_cell)  # a plain cell keeps the narrow no-break space
    english = tmp_path / "english.pdf"
    set_language("en")
    table = data_table([Column("Total", 1, "right")], [["Quoi ?"]])
    build_pdf(english, [table], INFO, table_of_contents="never")
    assert 0x202F not in used_code_points(english)


def test_wrapped_text_never_starts_a_line_with_high_punctuation(tmp_path: Path) -> None:
    """Reportlab paragraphs break at U+202F: the spacing must hold there too (as U+00A0)."""
    text = "Pourquoi ? Comment : avec qui ; quand ! " * 12
    story: list[object] = [
        data_table([Column("Texte", 1)], [[text]], width=width) for width in range(90, 330, 6)
    ]
    story.append(paragraph(text))
    pdf = tmp_path / "lignes.pdf"
    build_pdf(pdf, story, INFO, table_of_contents="never")
    lines = [line.strip() for page in pages_text(pdf) for line in page.splitlines()]
    assert sum("Pourquoi" in line for line in lines) > 400
    assert not [line for line in lines if line[:1] in ("?", ":", ";", "!")]


def test_the_contents_go_where_the_caller_says(tmp_path: Path) -> None:
    story = [
        paragraph("Couverture", document_styles().title),
        paragraph("Sous-titre de la couverture"),
        heading("Point unique"),
        paragraph("Texte."),
    ]
    pdf = tmp_path / "position.pdf"
    build_pdf(pdf, story, INFO, table_of_contents="always", contents_position=2)
    first = pages_text(pdf)[0]
    assert first.index("Sous-titre de la couverture") < first.index("Sommaire")
