"""What the benchmarks share: a fresh database with a real device and clock, and statistics."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from pathlib import Path

from civodesk.clock import SystemClock
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import Services, build_services


def fresh_services(directory: Path, name: str = "bench.db") -> Services:
    """Services on a new database file in ``directory`` (a real disk, WAL, synchronous=FULL)."""
    return build_services(
        open_database(directory / name), DeviceIdentity.generate("bench"), SystemClock()
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of them at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def machine_note() -> str:
    """Python, system, cores and the load when measuring (others' work on the machine skews it)."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load}"
    )
