"""Commit latency of one journaled action: a meeting title edit through the service.

Each run is what a keystroke-then-save costs the facilitator: validation, reading the current
meeting, appending the event and updating the projection in one transaction, fsync included
(WAL, synchronous=FULL). Target: p95 ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench._support import fresh_services, machine_note, median, percentile, verdict
from civodesk.demo import create_demo_meeting

TARGET_P95_MS = 15.0


def measure(directory: Path, runs: int, participants: int) -> list[float]:
    """Latencies in milliseconds of ``runs`` title edits on a demo meeting."""
    services = fresh_services(directory)
    try:
        meeting_id = create_demo_meeting(services, participants=participants, ideas=60)
        fields = services.meetings.get_meeting(meeting_id).fields
        for warm_up in range(5):
            services.meetings.update_meeting(meeting_id, replace(fields, title=f"Essai {warm_up}"))
        latencies = []
        for run in range(runs):
            edited = replace(fields, title=f"{fields.title} (version {run})")
            started = time.perf_counter()
            services.meetings.update_meeting(meeting_id, edited)
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies
    finally:
        services.database.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--participants", type=int, default=120, help="size of the demo meeting")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        latencies = measure(Path(directory), args.runs, args.participants)
    p95 = percentile(latencies, 0.95)
    print(
        f"journal_commit: meeting title edit through the service, {args.runs} runs, "
        f"demo meeting with {args.participants} participants ({machine_note()})"
    )
    print(
        f"  p50 {median(latencies):.2f} ms   p95 {p95:.2f} ms   max {max(latencies):.2f} ms   "
        f"(target p95 ≤ {TARGET_P95_MS:g} ms: {verdict(p95, TARGET_P95_MS)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
