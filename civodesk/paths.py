"""Where CivoDesk keeps its files. ``CIVODESK_HOME`` overrides the platform's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "CivoDesk"


def data_dir() -> Path:
    override = os.environ.get("CIVODESK_HOME")
    path = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "civodesk.db"


def resources_dir() -> Path:
    """The shipped resources (icons, translations, styles); ``CIVODESK_RESOURCES`` overrides.

    An installed wheel or a frozen build carries them inside the package (``civodesk/resources``,
    laid there by ``setup.py``); a source checkout keeps them at the top level, beside it.
    """
    override = os.environ.get("CIVODESK_RESOURCES")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    bundled = package / "resources"
    return bundled if bundled.is_dir() else package.parent / "resources"
