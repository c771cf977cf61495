"""Feature discovery: importing this module registers every feature's tables and event handlers.

Each feature package (``civodesk/meetings``, ``civodesk/checkin``…) declares its event handlers in a
module named ``handlers`` (or ``…_handlers``), which registers them, and the tables they own, on
``civodesk.journal.handlers.registry`` as it is imported, and the payloads of its event types in
a module named ``payloads`` (or ``…_payloads``); its tables sit on the shared
``civodesk.db.schema.Base``. This module finds those modules by walking the package folders, so a new
feature edits no central list: the journal, a rebuild, the server and the Alembic environment all see
it as soon as its package exists.

The walk lists folders without importing the packages (their ``__init__`` stays unrun), and is a few
directory listings long: it costs nothing measurable at start-up.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import civodesk
from civodesk.journal.handlers import HandlerRegistry, registry

HANDLER_MODULE = "handlers"
PAYLOADS_MODULE = "payloads"
"""A feature's declared event payloads (``civodesk.journal.payload_schema``), found the same way."""


def is_handler_module(name: str) -> bool:
    return (
        name in (HANDLER_MODULE, PAYLOADS_MODULE)
        or name.endswith("_" + HANDLER_MODULE)
        or name.endswith("_" + PAYLOADS_MODULE)
    )


def handler_modules() -> list[str]:
    """The dotted names of every feature's handler modules, sorted (a stable registration order)."""
    names: list[str] = []
    for root in civodesk.__path__:
        for package in pkgutil.iter_modules([root]):
            if not package.ispkg:
                continue
            folder = str(Path(root) / package.name)
            names.extend(
                f"civodesk.{package.name}.{module.name}"
                for module in pkgutil.iter_modules([folder])
                if is_handler_module(module.name)
            )
    return sorted(names)


def load_features() -> HandlerRegistry:
    """Import every feature's handler modules (idempotent) and return the filled registry."""
    for name in handler_modules():
        importlib.import_module(name)
    return registry


load_features()

__all__ = ["handler_modules", "load_features", "registry"]
