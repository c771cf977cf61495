"""Work around a PySide6 6.12.0 reference-count bug that aborts the application on CPython 3.11.

With PySide6 6.12.0 on CPython 3.11, Qt methods that return nothing hand back ``None`` without
taking a reference to it, and ``SignalInstance.emit()`` does the same with ``True``: every
``label.setText(…)``, ``timer.start()`` or ``signal.emit()`` made from Python drops one reference.
After enough calls the count reaches zero and CPython aborts ("Fatal Python error: none_dealloc:
deallocating None", or "bool_dealloc"). CPython 3.12 made these singletons immortal, so there the
bug is harmless. The guard measures the drift once at start-up; only for a singleton that is
actually losing references does it add a reserve of 2**40 references, which no session can use up
(these objects are never freed anyway). The real fix is a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBE_CALLS = 16
RESERVE = 1 << 40


class _Probe(QObject):
    probed = Signal()


def _drift(singleton: object, call: object) -> int:
    before = sys.getrefcount(singleton)
    for _ in range(PROBE_CALLS):
        call()  # type: ignore[operator]
    return before - sys.getrefcount(singleton)


def leaking_singletons() -> list[object]:
    """The singletons that PySide calls drop references to (empty with a sound PySide6)."""
    probe = _Probe()
    leaking: list[object] = []
    if _drift(None, lambda: probe.setObjectName("probe")) >= PROBE_CALLS:
        leaking.append(None)
    if _drift(True, probe.probed.emit) >= PROBE_CALLS:
        leaking.append(True)
    return leaking


def guard_signal_refcount() -> list[object]:
    """Give each leaking singleton its reserve; returns the singletons guarded."""
    leaking = leaking_singletons()
    for singleton in leaking:
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    return leaking
