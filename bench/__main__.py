"""Run every benchmark, each in its own process, and print their figures.

A benchmark is any public module of this package (``bench/<name>.py``); each also runs alone as
``python -m bench.<name>``. Exits non-zero if one of them fails.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path


def benchmark_names() -> list[str]:
    package_dir = Path(__file__).resolve().parent
    return sorted(
        module.name
        for module in pkgutil.iter_modules([str(package_dir)])
        if not module.name.startswith("_")
    )


def main() -> int:
    failed = []
    for name in benchmark_names():
        print(f"== bench.{name}", flush=True)
        finished = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)
        if finished.returncode != 0:
            failed.append(name)
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
