"""Cold start to the main window shown with the demo meeting open, against a bare PySide6 window.

Both are new processes started the same way and timed from launch to exit:
``civodesk --db DEMO.db --exit-after-start`` (opens the most recent meeting and quits once its
window is painted) and ``python bench/_bare_window.py`` (a ``QMainWindow`` that quits once shown).
Runs alternate so that machine noise hits both alike; the first run of each warms the file cache
and writes the bytecode cache (as an installed application has it), and is not counted.
Target: CivoDesk's median ≤ 4 × the bare window's median.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._support import fresh_services, machine_note, median, verdict
from civodesk.demo import create_demo_meeting

TARGET_RATIO = 4.0
BARE_WINDOW = Path(__file__).with_name("_bare_window.py")


def civodesk_command() -> list[str]:
    installed = Path(sys.executable).with_name("civodesk")
    if installed.exists():
        return [str(installed)]
    return [sys.executable, "-m", "civodesk.cli.main"]


def timed_run(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {finished.returncode}:\n{finished.stderr}"
        )
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each")
    parser.add_argument("--participants", type=int, default=120, help="size of the demo meeting")
    parser.add_argument("--ideas", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        home = Path(directory) / "home"
        env = {**os.environ, "CIVODESK_HOME": str(home)}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # An installed application has its bytecode compiled; let the uncounted first run write it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        services = fresh_services(Path(directory), "demo.db")
        try:
            create_demo_meeting(services, participants=args.participants, ideas=args.ideas)
        finally:
            services.database.close()
        civodesk = [*civodesk_command(), "--db", str(services.database.path), "--exit-after-start"]
        bare = [sys.executable, str(BARE_WINDOW)]
        timed_run(civodesk, env)
        timed_run(bare, env)
        civodesk_times, bare_times = [], []
        for _run in range(args.runs):
            civodesk_times.append(timed_run(civodesk, env))
            bare_times.append(timed_run(bare, env))
    ratio = median(civodesk_times) / median(bare_times)
    print(
        f"startup: launch to window shown, {args.runs} alternating runs each, "
        f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, demo meeting with {args.participants:,} "
        f"participants and {args.ideas:,} ideas ({machine_note()})"
    )
    print(
        f"  CivoDesk median {median(civodesk_times):.2f} s   bare QMainWindow median "
        f"{median(bare_times):.2f} s   ratio {ratio:.2f}× "
        f"(target ≤ {TARGET_RATIO:g}×: {verdict(ratio, TARGET_RATIO)})"
    )
    print("  CivoDesk runs: " + ", ".join(f"{t:.2f}" for t in civodesk_times))
    print("  bare runs:     " + ", ".join(f"{t:.2f}" for t in bare_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
