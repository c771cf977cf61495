"""Time to generate the demo meeting at full scale: 20,000 participants and 5,000 ideas.

Covers the whole ``civodesk demo`` work in-process: composing the data, creating the meeting and
agenda, registering everyone, noting the ideas and opening the meeting, each in its transaction.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median
from civodesk.demo import create_demo_meeting


def measure_once(directory: Path, participants: int, ideas: int, seed: int) -> float:
    services = fresh_services(directory, f"demo-{seed}.db")
    try:
        started = time.perf_counter()
        create_demo_meeting(services, participants=participants, ideas=ideas, seed=seed)
        return time.perf_counter() - started
    finally:
        services.database.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--ideas", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        times = [
            measure_once(Path(directory), args.participants, args.ideas, seed)
            for seed in range(1, args.repeats + 1)
        ]
    print(
        f"demo_generation: demo meeting with {args.participants:,} participants and "
        f"{args.ideas:,} ideas, {args.repeats} repeats ({machine_note()})"
    )
    print(f"  median {median(times):.2f} s   min {min(times):.2f} s   max {max(times):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
