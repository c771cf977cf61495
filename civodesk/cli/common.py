"""What every command shares: the --db option, opening services, printing errors plainly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from civodesk.db.database import open_database
from civodesk.db.errors import StorageError
from civodesk.devices.store import database_device
from civodesk.file_errors import describe_os_error
from civodesk.i18n import _
from civodesk.meetings.meeting import ValidationError
from civodesk.paths import data_dir, default_database_path
from civodesk.services import Services, build_services
from civodesk.writer import Writer

Handler = Callable[[argparse.Namespace], int]
T = TypeVar("T")

CLI_WRITER = Writer(threaded=False)
"""The command line's single writer: every mutating command goes through it, as the window's
actions go through the desktop's, so each change takes the same path and is published on
``CLI_WRITER.bus`` (the calls run at once, on the command's thread)."""


def write(fn: Callable[..., T], *args: Any) -> T:
    """Run a mutating service call through the core's single writer."""
    return CLI_WRITER.call(fn, *args)


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


def open_services(args: argparse.Namespace, *, create: bool = False) -> Services:
    """Open the database named by --db with this device's identity.

    Only commands that make data (``create``) may start a new file: a mistyped path given to a
    read command is reported instead of silently becoming an empty database.
    """
    path = database_path(args)
    if not create and not path.exists():
        raise LookupError(
            _(
                "aucune base CivoDesk à {path}. Vérifiez le chemin donné à --db, ou créez une "
                "base avec « civodesk demo --db {path} »."
            ).format(path=path)
        )
    database = open_database(path)
    return build_services(database, database_device(database, data_dir()))


def count_argument(maximum: int) -> Callable[[str], int]:
    """An argparse type for a whole number from 0 to ``maximum`` (such as --participants)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if not 0 <= value <= maximum:
            raise argparse.ArgumentTypeError(
                _("« {value} » n'est pas un nombre entier de 0 à {max}.").format(
                    value=text, max=maximum
                )
            )
        return value

    return parse


def fail(message: str) -> int:
    print(_("Erreur : {message}").format(message=message), file=sys.stderr)
    return 1


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a command, turning the failures a person can act on into one-line messages."""
    try:
        return handler(args)
    except (StorageError, ValidationError, LookupError) as error:
        return fail(str(error))
    except OSError as error:  # includes the services' PermissionError, which has no errno
        return fail(describe_os_error(error))


def resolve_meeting(services: Services, text: str) -> str:
    """The meeting whose id is ``text`` or starts with it (when only one does)."""
    ids = [m.id for m in services.meetings.list_meetings() if m.id.startswith(text.strip())]
    if text.strip() in ids:
        return text.strip()
    if len(ids) != 1:
        raise LookupError(
            _("Réunion introuvable ou ambiguë : {id}").format(id=text)
            if not ids
            else _("Plusieurs réunions commencent par {id} : donnez l'identifiant complet.").format(
                id=text
            )
        )
    return ids[0]
