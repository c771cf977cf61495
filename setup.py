"""Build hook: ship ``resources/`` inside the wheel, with the translations compiled.

The source tree keeps icons, styles and catalogs at the top level (``resources/``), beside the
packages; an installed wheel has no such place, so the build copies them into
``civodesk/resources``, where ``civodesk.paths.resources_dir()`` looks first. The ``.po`` catalogs
become the ``.mo`` files gettext loads (they are not in git). Everything else is in
``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE_RESOURCES = Path(__file__).resolve().parent / "resources"
BUILD_ONLY_SUFFIXES = (".po", ".pot", ".mo")


class BuildPyWithResources(build_py):
    """``build_py`` that also lays ``resources/`` into the built ``civodesk`` package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads resources/ from the checkout itself
        target = Path(self.build_lib) / "civodesk" / "resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            SOURCE_RESOURCES,
            target,
            ignore=lambda _dir, names: [n for n in names if n.endswith(BUILD_ONLY_SUFFIXES)],
        )
        compile_catalogs(SOURCE_RESOURCES / "translations", target / "translations")


def compile_catalogs(source: Path, target: Path) -> None:
    """Write ``LANG/LC_MESSAGES/DOMAIN.mo`` under ``target`` for every ``.po`` under ``source``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_file in sorted(source.glob("*/LC_MESSAGES/*.po")):
        language = po_file.parent.parent.name
        mo_file = target / po_file.relative_to(source).with_suffix(".mo")
        mo_file.parent.mkdir(parents=True, exist_ok=True)
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        with mo_file.open("wb") as handle:
            write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildPyWithResources})
