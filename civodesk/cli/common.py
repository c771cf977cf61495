"""What every command shares: the --db option, opening services, printing errors plainly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from civodesk.db.database import open_database
from civodesk.db.errors import StorageError
from civodesk.device import load_or_create_device
from civodesk.domain.meeting import ValidationError
from civodesk.i18n import _
from civodesk.paths import data_dir, default_database_path
from civodesk.services import Services, build_services

Handler = Callable[[argparse.Namespace], int]


def add_db_option(parser: argparse.ArgumentParser, *, suppress_default: bool = False) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS if suppress_default else None,
        metavar="PATH",
        help=_("fichier de base de données (par défaut : {path})").format(
            path="$CIVODESK_HOME/civodesk.db"
        ),
    )


def database_path(args: argparse.Namespace) -> Path:
    path: Path | None = getattr(args, "db", None)
    return path if path is not None else default_database_path()


def open_services(args: argparse.Namespace) -> Services:
    """Open the database named by --db with this device's identity."""
    return build_services(open_database(database_path(args)), load_or_create_device(data_dir()))


def fail(message: str) -> int:
    print(_("Erreur : {message}").format(message=message), file=sys.stderr)
    return 1


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a command, turning the failures a person can act on into one-line messages."""
    try:
        return handler(args)
    except (StorageError, ValidationError, LookupError, PermissionError) as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"{error.strerror or error}: {error.filename or ''}".strip(": "))
