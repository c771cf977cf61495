"""The installed PySide6 must not leak references to Python's singletons.

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` per void Qt call and one to ``True``
per ``Signal.emit``; a check-in desk makes thousands of such calls and the process then aborts
("deallocating None"). pyproject.toml caps PySide6 below 6.12 for that reason; this test fails if
a release with the bug is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

CALLS = 200


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_singleton_reference_counts() -> None:
    emitter = _Emitter()
    none_before = sys.getrefcount(None)
    for _ in range(CALLS):
        emitter.setObjectName("probe")
    none_drift = none_before - sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.fired.emit()
    true_drift = true_before - sys.getrefcount(True)
    assert none_drift < CALLS // 2, f"PySide6 lost {none_drift} references to None"
    assert true_drift < CALLS // 2, f"PySide6 lost {true_drift} references to True"
