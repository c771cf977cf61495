"""Layout cost of the shared document machinery against plain reportlab, in the same run.

A minutes-sized story: a 2,000-row attendance table and 3,000 ideas of ~230 characters in 30
sections. The machinery (embedded DejaVu, glyph checks, French spacing, page furniture with
"page X / Y", headings kept with their text) is timed with each table-of-contents mode; the same
text is laid out by a bare ``SimpleDocTemplate`` with reportlab's sample styles (Helvetica). Issue
11's target for the minutes is ≤ 3× plain reportlab and ≤ 10 s; this shows what the machinery
alone costs toward it.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from bench._support import machine_note, median
from civodesk.documents.fonts import register_fonts
from civodesk.documents.page_template import PageFurniture, render_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import heading, long_text
from civodesk.documents.tables import Column, data_table

IDEA = "installer des bancs et de l'ombre sur la place du marché, "
INFO = DocumentInfo("Compte-rendu", "Commune de Mana", datetime(2026, 11, 26, tzinfo=UTC))


def sample(participants: int, ideas: int) -> tuple[list[list[str]], list[str]]:
    people = [
        [str(i), f"NGUYỄN Mạnh {i}", "Saint-Laurent-du-Maroni", f"18 h {i % 60:02d}"]
        for i in range(1, participants + 1)
    ]
    return people, [f"Idée {i} : {IDEA * 4}" for i in range(ideas)]


def machinery(people: list[list[str]], ideas: list[str], mode: str) -> int:
    columns = [
        Column("N°", 1, "right"),
        Column("Nom et prénom", 4),
        Column("Commune", 3),
        Column("Arrivée", 1.5),
    ]
    story: list[object] = [heading("Présences"), data_table(columns, people), heading("Idées")]
    for index, idea in enumerate(ideas):
        if index % 100 == 0:
            story.append(heading(f"Groupe {index // 100 + 1}", 2))
        story += long_text(idea)
    furniture = PageFurniture("Commune de Mana", "Compte-rendu", "Empreinte : " + "ab" * 32)
    _data, pages = render_pdf(story, INFO, furniture, table_of_contents=mode)  # type: ignore[arg-type]
    return pages


def plain(people: list[list[str]], ideas: list[str]) -> int:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    sheet = getSampleStyleSheet()
    story: list[object] = [
        Paragraph("Présences", sheet["Heading1"]),
        Table([["N°", "Nom et prénom", "Commune", "Arrivée"], *people], repeatRows=1),
        Paragraph("Idées", sheet["Heading1"]),
    ]
    for index, idea in enumerate(ideas):
        if index % 100 == 0:
            story.append(Paragraph(f"Groupe {index // 100 + 1}", sheet["Heading2"]))
        story.append(Paragraph(idea, sheet["BodyText"]))
    document = SimpleDocTemplate(io.BytesIO())
    document.build(story)
    return int(document.page)


def timed(run: Callable[[], int], runs: int) -> tuple[float, int]:
    values, pages = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        pages = run()
        values.append(time.perf_counter() - started)
    return median(values), pages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--ideas", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    register_fonts()
    people, ideas = sample(args.participants, args.ideas)
    baseline, plain_pages = timed(lambda: plain(people, ideas), args.runs)
    print(
        f"documents_layout: {args.participants:,} attendance rows, {args.ideas:,} ideas, "
        f"median of {args.runs} runs ({machine_note()})"
    )
    print(f"  plain reportlab             {plain_pages:>4} pages  {baseline:.2f} s")
    for mode in ("never", "always", "auto"):
        seconds, pages = timed(lambda mode=mode: machinery(people, ideas, mode), args.runs)
        print(
            f"  machinery, contents {mode:<7} {pages:>4} pages  {seconds:.2f} s  "
            f"({seconds / baseline:.2f}× plain)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of the run: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
