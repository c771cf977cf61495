"""Entry points through which the optional parts of CivoDesk act inside the core's transactions.

The core never imports the sync client (layering), yet some of the client's tables must follow
what the core does: received events it held are tried again when a package may bring what they
lacked, and their personal parts are erased with everyone else's. The client declares entry points
in these groups (``pyproject.toml``); the core calls them in the same transaction, by name order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points
from typing import Any

AFTER_PACKAGE_IMPORT = "civodesk.after_package_import"
"""Called with (connection, services) once a package's events are in; returns how many more
events it let into the journal."""
AFTER_ERASURE = "civodesk.after_erasure"
"""Called with (connection) once a purge or a person's erasure is journaled on this desk."""


logger = logging.getLogger("civodesk.hooks")


@cache
def hooks(group: str) -> tuple[Callable[..., Any], ...]:
    """The group's entry points, loaded once (installed packages do not change while running).

    None is a broken installation (the package's metadata was written before the group existed,
    or the code runs from a bare checkout): it is logged, since the held copies would then wait
    for the next sync to be erased or retried."""
    found = sorted(entry_points(group=group), key=lambda entry: entry.name)
    if not found:
        logger.warning("no entry point in %s: reinstall CivoDesk (pip install -e .)", group)
    return tuple(entry.load() for entry in found)
