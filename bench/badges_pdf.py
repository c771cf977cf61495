"""PDF of 1,000 badges: the A4 sheet (8 badges a page) and the invitations (one a page).

Times ``write_badges_pdf`` alone — QR encoding, drawing, compression, writing the file — for badges
already issued; issuing (signing) them is timed apart. Target: the 1,000-badge sheet in ≤ 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median, verdict
from civodesk.documents.badges import write_badges_pdf

TARGET_S = 5.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--badges", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from civodesk.demo import create_demo_meeting

    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        services = fresh_services(Path(directory))
        started = time.perf_counter()
        meeting_id = create_demo_meeting(services, participants=args.badges, ideas=0)
        prepared = time.perf_counter() - started
        meeting = services.meetings.get_meeting(meeting_id)
        badges = services.checkin.list_badges(meeting_id)
        times: dict[str, list[float]] = {"sheet": [], "invitation": []}
        sizes: dict[str, int] = {}
        for _run in range(args.runs):
            for layout in ("sheet", "invitation"):
                path = Path(directory) / f"{layout}.pdf"
                started = time.perf_counter()
                pages = write_badges_pdf(path, meeting, badges, layout)  # type: ignore[arg-type]
                times[layout].append(time.perf_counter() - started)
                sizes[layout] = path.stat().st_size
        services.database.close()
    print(f"badges_pdf: {len(badges):,} badges, {args.runs} runs per layout ({machine_note()})")
    print(
        f"  demo meeting with {len(badges):,} participants registered and badged in {prepared:.1f} s"
    )
    for layout, values in times.items():
        pages = -(-len(badges) // 8) if layout == "sheet" else len(badges)
        note = (
            f"(target ≤ {TARGET_S:g} s: {verdict(median(values), TARGET_S)})"
            if layout == "sheet"
            else "(no target)"
        )
        print(
            f"  {layout:<10} {pages:>5} pages  median {median(values):.2f} s  "
            f"(runs {', '.join(f'{v:.2f}' for v in values)})  {sizes[layout] / 1e6:.1f} MB  {note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
