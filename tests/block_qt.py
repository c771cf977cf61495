"""pytest plugin: make PySide6 unimportable, proving the core and sync need no Qt.

Used by ``make test`` for tests/core and tests/sync (``pytest -p tests.block_qt``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

BLOCKED = ("PySide6", "shiboken6", "ui")


class _QtBlocker(MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: core and sync tests must run without Qt")
        return None


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Keep pytest-qt from loading: it imports PySide6 as soon as pytest configures it."""
    pluginmanager.set_blocked("pytest-qt")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Accept pytest-qt's ini option (set in pyproject.toml) while pytest-qt itself is blocked."""
    parser.addini("qt_api", "pytest-qt's Qt binding (unused: Qt is blocked here)")


def pytest_configure() -> None:
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED:
            raise RuntimeError(f"{name} was imported before the Qt blocker was installed")
    sys.meta_path.insert(0, _QtBlocker())
