"""Files holding personal data or secrets are readable by their owner only (mode 0600, POSIX).

Databases (names, the device key, the server token), packages, exports and documents with names:
on a laptop shared between several accounts, another user must not read them. The mode is set
when the file is made, not after, so there is no moment when it is readable by others.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TextIO

OWNER_ONLY = 0o600


def restrict_to_owner(path: Path) -> None:
    """Narrow an existing file of ours to 0600 (a read-only medium or another's file: left)."""
    if os.name != "posix":
        return
    try:
        if path.exists() and path.stat().st_uid == os.getuid():
            os.chmod(path, OWNER_ONLY)
    except OSError:
        return


def create_owner_only(path: Path) -> None:
    """Make ``path`` as an empty owner-only file unless it exists (before SQLite opens it)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    except FileExistsError:
        return


def open_owner_only(path: Path, *, encoding: str, newline: str | None = None) -> TextIO:
    """A text file opened for writing, owner-only whether it is new or replaced."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, OWNER_ONLY)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.fchmod(fd, OWNER_ONLY)  # an existing file keeps its mode through O_CREAT
    return os.fdopen(fd, "w", encoding=encoding, newline=newline)
