"""Entry points through which the optional parts of CivoDesk act inside the core's transactions.

The core never imports the sync client (layering), yet some of the client's tables must follow
what the core does: received events it held are tried again when a package may bring what they
lacked, and their personal parts are erased with everyone else's. The client declares entry points
in these groups (``pyproject.toml``); the core calls them in the same transaction, by name order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points
from typing import Any

AFTER_PACKAGE_IMPORT = "civodesk.after_package_import"
"""Called with (connection, services) once a package's events are in; returns how many more
events it let into the journal."""
AFTER_ERASURE = "civodesk.after_erasure"
"""Called with (connection) once a purge or a person's erasure is journaled on this desk."""


@cache
def hooks(group: str) -> tuple[Callable[..., Any], ...]:
    """The group's entry points, loaded once (installed packages do not change while running)."""
    return tuple(entry.load() for entry in sorted(entry_points(group=group), key=lambda e: e.name))
