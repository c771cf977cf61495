"""Entry point of the ``civodesk`` command.

Commands are added by modules that expose ``register(subparsers)``: the core ones listed in
``CORE_COMMANDS``, and others (the sync client's) through the ``civodesk.commands`` entry-point group,
so the core never imports them. With no command, the GUI starts (entry-point group ``civodesk.gui``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from civodesk import __version__
from civodesk.cli.common import add_db_option, fail, run_handler
from civodesk.cli.language import requested_language, use_language
from civodesk.i18n import _

CORE_COMMANDS = (
    "civodesk.cli.meetings_commands",
    "civodesk.cli.transfer_commands",
    "civodesk.cli.demo_commands",
    "civodesk.cli.desk_commands",
    "civodesk.cli.participants_commands",
    "civodesk.cli.documents_commands",
    "civodesk.cli.ideas_commands",
    "civodesk.cli.minutes_commands",
    "civodesk.cli.votes_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civodesk",
        description=_(
            "CivoDesk : réunions publiques et ateliers participatifs, hors ligne d'abord. "
            "Sans commande, ouvre l'application."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"CivoDesk {__version__}",
        help=_("affiche la version de CivoDesk et quitte"),
    )
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMANDE"))
    for module_name in CORE_COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    from importlib.metadata import entry_points

    for entry in entry_points(group="civodesk.commands"):
        entry.load()(subparsers)
    return parser


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``civodesk`` itself, before any command (they also configure the GUI)."""
    add_db_option(parser)
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help=_(
            "démarre l'interface, ouvre la réunion la plus récente et quitte (code 0) dès que "
            "la fenêtre est affichée ; pour les tests de fumée et les mesures de démarrage"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=["fr", "en"],
        help=_(
            "langue de l'interface et des messages ; par défaut, celle choisie dans "
            "l'application, sinon CIVODESK_LANG ou la langue du système (en… pour l'anglais), "
            "sinon fr"
        ),
    )


def gui_arguments(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options when ``arguments`` start the GUI (global options only), else ``None``.

    The GUI then starts without importing every command module (the sync client's brings in
    httpx and pydantic): start-up time is what a facilitator waits in front of the room.
    Anything else (a command, --help, --version, a mistake) goes to the full parser.
    """
    parser = argparse.ArgumentParser(prog="civodesk", add_help=False, exit_on_error=False)
    add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(arguments)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


GuiRunner = Callable[[argparse.Namespace], int]


def gui_from_entry_points() -> GuiRunner:
    """The GUI registered in the ``civodesk.gui`` entry-point group (``LookupError`` if none)."""
    from importlib.metadata import entry_points  # 20 ms: only when no direct loader is given

    guis = list(entry_points(group="civodesk.gui"))
    if not guis:
        raise LookupError("civodesk.gui")
    run_gui: GuiRunner = guis[0].load()
    return run_gui


def main(
    argv: Sequence[str] | None = None, load_gui: Callable[[], GuiRunner] = gui_from_entry_points
) -> int:
    """Run a command, or the GUI when none is given.

    ``load_gui`` finds the GUI; the installed ``civodesk`` program (``ui.shell.launcher``) passes a
    direct loader, which spares start-up the scan of every installed package's entry points.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    use_language(requested_language(arguments, os.environ))  # before help texts are translated
    args = gui_arguments(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
        if args.command is not None:
            return run_handler(args.handler, args)
    try:
        run_gui = load_gui()
    except LookupError:
        return fail(_("l'interface graphique n'est pas installée (PySide6 manquant)."))
    except ImportError as error:
        return fail(
            _(
                "l'interface graphique ne peut pas être chargée ({reason}). Installez PySide6, "
                "ou utilisez les commandes (civodesk --help)."
            ).format(reason=error)
        )
    return int(run_gui(args))


if __name__ == "__main__":
    sys.exit(main())
