"""What one click on the live agenda costs as a meeting's agenda actions pile up.

Each start, pause, finish, undo and focus move recomputes the meeting's runs and focus from all
its agenda actions (``civodesk.facilitation.timer_runs``). This times "start the current item"
through the service (validation, the rank, the journal append with its fsync, the recompute)
with 10 to 2,000 actions already in the meeting. No target is set by an issue; the facilitator
must never wait, so the figure to watch is how it grows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bench._support import fresh_services, machine_note, median, percentile
from civodesk.facilitation.handlers import agenda_actions_table
from civodesk.meetings.meeting import AgendaItemFields, MeetingFields
from civodesk.services import Services

SIZES = (10, 100, 500, 2_000)


def _actions(services: Services, meeting_id: str) -> int:
    with services.database.read() as conn:
        return int(
            conn.execute(
                select(func.count()).where(agenda_actions_table.c.meeting_id == meeting_id)
            ).scalar_one()
        )


def measure(directory: Path, runs: int) -> list[tuple[int, list[float]]]:
    services = fresh_services(directory)
    try:
        agenda = [AgendaItemFields(f"Point {index}", 10) for index in range(12)]
        meeting_id = services.meetings.create_meeting(_fields(), agenda).meeting_id
        facilitation = services.facilitation
        results = []
        for size in SIZES:
            while _actions(services, meeting_id) < size:
                facilitation.start(meeting_id)
                facilitation.pause(meeting_id)
            held, latencies = _actions(services, meeting_id), []
            for _ in range(runs):
                started = time.perf_counter()
                facilitation.start(meeting_id)
                latencies.append((time.perf_counter() - started) * 1000)
                facilitation.pause(meeting_id)
            results.append((held, latencies))
        return results
    finally:
        services.database.close()


def _fields() -> MeetingFields:
    start = datetime(2026, 12, 3, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    return MeetingFields(
        title="Atelier participatif : la place du Marché",
        organization="Commune de Saint-Laurent-du-Maroni",
        place="Salle des fêtes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        facilitators=("Awa Diallo",),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40, help="clicks timed at each size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        results = measure(Path(directory), args.runs)
    print(
        f"agenda_click: « start » through the service, {args.runs} clicks per size ({machine_note()})"
    )
    for count, latencies in results:
        print(
            f"  {count:>5} agenda actions before: p50 {median(latencies):.2f} ms   "
            f"p95 {percentile(latencies, 0.95):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
