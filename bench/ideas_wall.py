"""The Idées page and the projector with a meeting of 5,000 ideas (20 clusters).

Offscreen Qt, the real ``MainWindow`` over a ``SynchronousTaskRunner`` (the database work runs on
the GUI thread, so each figure includes it: the threaded runner can only be faster to paint).
- open: from showing the Idées page to its first paint with the 5,000 ideas (target ≤ 300 ms);
- add: Enter in the capture box to the idea in the wall's column and on the projector's wall slide,
  both repainted (target p95 ≤ 30 ms);
- filter: one more letter typed in the search box to the wall's columns filtered and repainted
  (p95 ≤ 50 ms);
- memory: peak resident set of the process with the wall and the projector open (≤ 300 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median, percentile, verdict
from civodesk.demo.generator import generate_ideas, plan_meeting
from civodesk.ideas.idea import IdeaFields

TARGETS = {"open": 300.0, "add": 30.0, "filter": 50.0, "memory": 300.0}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ideas", type=int, default=5_000)
    parser.add_argument("--adds", type=int, default=60)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import random

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from civodesk.projector.slides import ProjectorMode, WallSlide
    from ui.ideas.ideas_page import IdeasPage
    from ui.shell.main_window import MainWindow
    from ui.shell.tasks import SynchronousTaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        services = fresh_services(Path(directory))
        rng = random.Random(5)
        plan = plan_meeting(rng)
        meeting_id = services.meetings.create_meeting(plan.fields, plan.agenda).meeting_id
        drawn = generate_ideas(rng, plan.host, (), args.ideas)
        ids = services.ideas.capture_many(
            meeting_id, [IdeaFields(idea.text, idea.source) for idea in drawn]
        ).created_ids
        for group in range(20):
            services.ideas.create_cluster(meeting_id, f"Groupe {group + 1}", ids[group::21])
        services.meetings.open_meeting(meeting_id)

        tasks = SynchronousTaskRunner()
        window = MainWindow(services, tasks)
        window.resize(1366, 768)
        window.show()
        window.open_meeting(meeting_id)
        app.processEvents()
        window.projector.set_mode(ProjectorMode.WALL)
        projector = window.projector.show_window()
        app.processEvents()

        assert window.workspace is not None
        start = time.perf_counter()
        window.show_page(2)
        page = window.workspace.page(2)
        assert isinstance(page, IdeasPage)
        page.repaint()
        opened_ms = (time.perf_counter() - start) * 1000
        assert page.model.rowCount() == args.ideas

        adds = []
        for round_ in range(args.adds):
            text = f"Idée ajoutée {round_}"
            page.capture.edit.setPlainText(text)
            start = time.perf_counter()
            QTest.keyClick(page.capture.edit, Qt.Key.Key_Return)
            page.wall.repaint()
            projector.view.repaint()
            adds.append((time.perf_counter() - start) * 1000)
            slide = window.projector.slide
            assert isinstance(slide, WallSlide)
            assert any(card.text == text for col in slide.columns for card in col.cards)
            loose = page.wall.column_for(None)
            assert loose is not None
            assert loose.isVisible()
            last = loose.list_view.cards.index(loose.list_view.cards.rowCount() - 1, 0)
            assert str(last.data()) == text

        filters = []
        for word in ("piste", "ecole", "arbre", "bus", "marche"):  # QTest types ASCII only
            page.search.clear()
            for letter in word:
                start = time.perf_counter()
                QTest.keyClicks(page.search, letter)
                page.wall.repaint()
                filters.append((time.perf_counter() - start) * 1000)
            shown = sum(c.list_view.cards.rowCount() for c in page.wall.columns)
            assert 0 < shown < args.ideas, (word, shown)  # the columns were really filtered
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
        tasks.shutdown()
        services.database.close()

    figures = {
        "open": opened_ms,
        "add": percentile(adds, 0.95),
        "filter": percentile(filters, 0.95),
        "memory": peak_mb,
    }
    print(machine_note())
    print(
        f"ideas: {args.ideas}, clusters: 20, adds: {args.adds}, filter keystrokes: {len(filters)}"
    )
    print(
        f"open Idées page to first paint: {opened_ms:.0f} ms {verdict(opened_ms, TARGETS['open'])}"
    )
    print(
        f"add an idea, Enter to wall and projector: median {median(adds):.1f} ms, "
        f"p95 {figures['add']:.1f} ms {verdict(figures['add'], TARGETS['add'])}"
    )
    print(
        f"filter, keystroke to columns filtered: median {median(filters):.1f} ms, "
        f"p95 {figures['filter']:.1f} ms {verdict(figures['filter'], TARGETS['filter'])}"
    )
    print(f"peak memory: {peak_mb:.0f} MB {verdict(peak_mb, TARGETS['memory'])}")
    return 0 if all(figures[k] <= TARGETS[k] for k in TARGETS) else 1


if __name__ == "__main__":
    sys.exit(main())
