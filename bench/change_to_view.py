"""One change to a 20,000-row list, from its commit to the view updated, without a reload.

The real window (``MainWindow``, threaded ``TaskRunner`` over the core ``Writer``, offscreen Qt)
shows the Accueil page of a demo meeting; its table is filled with all the registered (20,000), as
a list with no search would be. Each round checks one absent person in through the writer, as
another part of the desk (the command line, a later phone page) would: the writer commits, the
change bus publishes the ``ChangeSet`` naming that person's id, the page's change feed reads that
one row on the writer's thread, the Qt adapter hands it to the GUI thread and the model updates it
in place (``dataChanged``). Timed from the commit (the service call returned on the writer's
thread) to the model's ``dataChanged`` for that row; the model must never be reset meanwhile.
Target: p95 ≤ 16 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median, percentile, verdict
from civodesk.demo import create_demo_meeting

TARGET_P95_MS = 16.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--pace-ms", type=int, default=50, help="pause between two changes")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QModelIndex, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.checkin.checkin_page import CheckinPage
    from ui.checkin.participant_table_model import ParticipantIdRole, PresentRole
    from ui.shell.language import LanguageManager
    from ui.shell.main_window import MainWindow
    from ui.shell.settings import SettingsStore
    from ui.shell.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        os.environ["CIVODESK_HOME"] = str(Path(directory) / "home")
        services = fresh_services(Path(directory))
        meeting_id = create_demo_meeting(services, participants=args.participants, ideas=0)
        everyone = services.checkin.search(meeting_id, "", args.participants)
        absent = [row.participant_id for row in everyone if not row.present]
        random.Random(7).shuffle(absent)

        tasks = TaskRunner()
        window = MainWindow(
            services, tasks, LanguageManager(app, SettingsStore(Path(directory) / "s"))
        )  # type: ignore[arg-type]
        window.resize(1366, 768)
        window.show()
        loop = QEventLoop()
        window.meeting_opened.connect(lambda _id: loop.quit())
        window.open_meeting(meeting_id, page=1)
        loop.exec()
        page = window.workspace.pages[1]  # type: ignore[union-attr]
        assert isinstance(page, CheckinPage)

        def settle(ms: int) -> None:
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        settle(500)
        page.model.set_rows(everyone)  # the whole list on screen, as with no search
        rows_shown = page.model.rowCount()
        published: dict[str, float] = {}
        updated: dict[str, float] = {}
        resets = [0]
        waiting_for: list[str] = []

        def check_in(participant_id: str) -> object:
            """Writer's thread: the check-in, timed as its transaction has committed."""
            result = services.checkin.check_in(meeting_id, participant_id, "search")
            published[participant_id] = time.perf_counter()
            return result  # the writer publishes its change once this returns

        def on_data_changed(top: QModelIndex, bottom: QModelIndex, _roles: object) -> None:
            for row in range(top.row(), bottom.row() + 1):
                index = page.model.index(row, 0)
                participant_id = index.data(ParticipantIdRole)
                if participant_id in waiting_for and index.data(PresentRole):
                    updated.setdefault(participant_id, time.perf_counter())
                    loop.quit()

        page.model.dataChanged.connect(on_data_changed)
        page.model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
        latencies = []
        for _round in range(args.changes):
            participant_id = absent.pop()
            waiting_for[:] = [participant_id]
            tasks.writer.submit(check_in, participant_id)
            QTimer.singleShot(2000, loop.quit)  # a lost update fails the run below, not hangs it
            while participant_id not in updated:
                loop.exec()
                waited = time.perf_counter() - published.get(participant_id, time.perf_counter())
                if participant_id not in updated and waited > 2:
                    break
            if participant_id not in updated:
                print(f"change_to_view: the view never showed {participant_id}", file=sys.stderr)
                return 1
            latencies.append((updated[participant_id] - published[participant_id]) * 1000)
            settle(args.pace_ms)
        window.close()
        tasks.shutdown()
        services.database.close()

    p95 = percentile(latencies, 0.95)
    print(
        f"change_to_view: one check-in committed through the writer to the {rows_shown:,}-row "
        f"Accueil model updated, {args.changes} changes, {args.pace_ms} ms apart"
    )
    print(
        f"  median {median(latencies):.1f} ms, p90 {percentile(latencies, 0.9):.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(latencies):.1f} ms; "
        f"model resets during the run: {resets[0]}"
    )
    print(f"  {verdict(p95, TARGET_P95_MS)}  ({machine_note()})")
    return 0 if resets[0] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
