"""Creating 10,000 participants in one operation (``register_many``): one transaction, one event each.

The people come from the demo generator (realistic names, contacts, communes) with the demo's
consent, without which their contacts are refused; only the service call is timed. Each repeat
uses a new meeting in a new database. Target: ≤ 2 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median, verdict
from civodesk.demo import DEMO_CONSENT_PURPOSE
from civodesk.demo.generator import generate_participants, plan_meeting

TARGET_SECONDS = 2.0


def measure_once(directory: Path, count: int, seed: int) -> float:
    services = fresh_services(directory, f"bulk-{seed}.db")
    try:
        rng = random.Random(seed)
        plan = plan_meeting(rng)
        meeting_id = services.meetings.create_meeting(plan.fields, plan.agenda).meeting_id
        people = generate_participants(rng, plan.host, count)
        started = time.perf_counter()
        services.participants.register_many(meeting_id, people, DEMO_CONSENT_PURPOSE)
        elapsed = time.perf_counter() - started
        if services.participants.count(meeting_id) != count:
            raise RuntimeError("not every participant was registered")
        return elapsed
    finally:
        services.database.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        times = [measure_once(Path(directory), args.count, seed) for seed in range(args.repeats)]
    middle = median(times)
    print(
        f"bulk_participants: register_many of {args.count:,} participants, "
        f"{args.repeats} repeats ({machine_note()})"
    )
    print(
        f"  median {middle:.2f} s   min {min(times):.2f} s   max {max(times):.2f} s   "
        f"(target ≤ {TARGET_SECONDS:g} s: {verdict(middle, TARGET_SECONDS)})"
    )
    print("  runs: " + ", ".join(f"{t:.2f} s" for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
