"""The server installs without the desk's dependencies, and runs without them.

``pip install ".[server]"`` (the container file's command) must not pull PySide6: the closure of
the base dependencies and the ``server`` extra is read from the installed distributions' own
metadata, and the server's modules are imported with the ``desktop`` extra's modules blocked.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_ONLY = {"pyside6-essentials", "pyside6-addons", "pyside6", "shiboken6", "zxing-cpp"}
DESKTOP_MODULES = ("PySide6", "shiboken6", "zxingcpp", "snowballstemmer", "ui")


def project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]  # type: ignore[no-any-return]


def closure(requirements: list[str]) -> set[str]:
    """Every distribution those requirements install (markers evaluated here, no extras)."""
    seen: set[str] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        if name in seen:
            continue
        seen.add(name)
        wanted_extras = requirement.extras
        for text in metadata.requires(requirement.name) or []:
            sub = Requirement(text)
            if sub.marker is None or any(
                sub.marker.evaluate({"extra": extra}) for extra in wanted_extras or {""}
            ):
                pending.append(Requirement(str(sub).split(";")[0]))
    return seen


def test_the_desktop_extra_holds_the_desks_own_dependencies() -> None:
    data = project()
    extras = data["optional-dependencies"]
    assert isinstance(extras, dict)
    desktop = {canonicalize_name(Requirement(text).name) for text in extras["desktop"]}
    assert {"pyside6-essentials", "pyside6-addons", "zxing-cpp", "snowballstemmer"} <= desktop
    assert "shiboken6" in closure(extras["desktop"])  # what the server check below must not find
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[desktop,server,dev]"' in make


def test_the_server_extras_dependency_closure_has_no_pyside6() -> None:
    data = project()
    extras = data["optional-dependencies"]
    assert isinstance(extras, dict)
    assert isinstance(data["dependencies"], list)
    installed = closure([*data["dependencies"], *extras["server"]])
    assert {"fastapi", "sqlalchemy", "reportlab"} <= installed  # the resolution really ran
    assert not installed & DESKTOP_ONLY


def test_the_container_installs_the_packages_own_server_dependencies() -> None:
    containerfile = (ROOT / "packaging" / "server" / "Containerfile").read_text(encoding="utf-8")
    installs = [line.strip() for line in containerfile.splitlines() if "pip install" in line]
    assert installs == ['RUN pip install ".[server]"']


SERVER_IMPORTS = f"""
import importlib, pkgutil, sys
from importlib.abc import MetaPathFinder

class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {DESKTOP_MODULES!r}:
            raise ImportError(name + " belongs to the desktop extra")
        return None

sys.meta_path.insert(0, Block())
import sync.server
for module in pkgutil.walk_packages(sync.server.__path__, "sync.server."):
    if ".migrations" not in module.name:
        importlib.import_module(module.name)
import civodesk.minutes.service
from fastapi.testclient import TestClient
from sync.server.app import create_app
from sync.server.settings import ServerSettings
settings = ServerSettings(database_url="sqlite:///" + sys.argv[1])
with TestClient(create_app(settings)) as client:
    assert client.get("/health").status_code == 200
"""


def test_the_server_runs_with_the_desktop_modules_blocked(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SERVER_IMPORTS, str(tmp_path / "server.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
