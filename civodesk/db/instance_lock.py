"""One CivoDesk window per database file: an OS lock on ``<database>.lock``.

The operating system drops the lock when the process ends, even after a crash or a kill, so a
stale lock never keeps a facilitator out. Written on the standard library rather than the
``filelock`` package, whose import (it loads asyncio) cost 40 ms of every start-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class LockHeldError(Exception):
    """Another process holds the lock."""


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once or raise ``LockHeldError``; ``OSError`` if the file can't be made."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError as error:
            os.close(fd)
            raise LockHeldError(str(self.path)) from error
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
