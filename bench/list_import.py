"""Importing an updated registration list of 20,000 people over the 20,000 already registered.

The list is the registered one re-exported as a Windows CSV with 5 % of the people changed, 5 %
new and a few rows in error: the time to read, match and preview it (what the wizard waits for
after choosing the file), then the time to write it, skipping the rows in error (one
transaction). No issue sets a target for this; the figures say what a person waits.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median
from civodesk.demo.generator import generate_participants, plan_meeting

HEADER = "Nom;Prénom;Courriel;Téléphone;Commune;Quartier;Tranche d'âge\n"


def _line(last: str, first: str, email: str, phone: str, commune: str, area: str, age: str) -> str:
    return ";".join((last, first, email, phone, commune, area, age)) + "\n"


def measure_once(directory: Path, count: int, seed: int) -> tuple[float, float, dict[str, int]]:
    services = fresh_services(directory, f"list-import-{seed}.db")
    try:
        rng = random.Random(seed)
        plan = plan_meeting(rng)
        meeting_id = services.meetings.create_meeting(plan.fields, plan.agenda).meeting_id
        people = generate_participants(rng, plan.host, count + count // 20)
        registered, newcomers = people[:count], people[count:]
        services.participants.register_many(meeting_id, registered, "Émargement")
        lines = []
        for index, p in enumerate(registered):
            commune = p.commune
            if index % 20 == 0:
                commune = "Commune modifiée"
            lines.append(
                _line(
                    p.last_name,
                    p.first_name,
                    p.email,
                    p.phone,
                    commune,
                    p.neighbourhood,
                    p.age_bracket,
                )
            )
        for p in newcomers:
            lines.append(
                _line(
                    p.last_name,
                    p.first_name,
                    p.email,
                    p.phone,
                    p.commune,
                    p.neighbourhood,
                    p.age_bracket,
                )
            )
        lines += [_line("Sanscourriel", "Paul", "pas-un-courriel", "", "", "", "")] * 10
        data = (HEADER + "".join(lines)).encode("cp1252", errors="replace")
        started = time.perf_counter()
        preview = services.participants.preview_import(
            meeting_id, data, consent_purpose="Émargement"
        )
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        services.participants.import_preview(meeting_id, preview, skip_errors=True)
        imported = time.perf_counter() - started
        counts = {
            "new": len(preview.new_rows),
            "changed": len(preview.changed_rows),
            "unchanged": len(preview.unchanged_rows),
            "errors": len(preview.error_rows),
        }
        if "--show-errors" in sys.argv:
            from collections import Counter

            print(Counter(e.split(":")[0] for r in preview.error_rows for e in r.errors))
        return previewed, imported, counts
    finally:
        services.database.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--show-errors", action="store_true", help="count the error reasons")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        runs = [measure_once(Path(directory), args.count, seed) for seed in range(args.repeats)]
    print(
        f"list_import: updated list of {args.count:,} over {args.count:,} registered, "
        f"{args.repeats} repeats ({machine_note()})"
    )
    print(f"  rows: {runs[0][2]}")
    previews = [run[0] for run in runs]
    imports = [run[1] for run in runs]
    print(f"  preview  median {median(previews):.2f} s   max {max(previews):.2f} s")
    print(f"  import   median {median(imports):.2f} s   max {max(imports):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
