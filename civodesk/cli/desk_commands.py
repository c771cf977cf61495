"""``civodesk desk-name``: the name of this desk, as the other desks and the door's messages say it.

The same change as Fichier ▸ Nom de ce poste… (``DeskNameService.rename_desk``): a name set here is
a person's choice, so the application no longer asks for it at start-up. Useful to prepare the
laptops of a meeting before the day, or on a desk without a screen at hand.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from civodesk.cli.common import add_db_option, open_services, write
from civodesk.i18n import _, ngettext


def register(subparsers: Any) -> None:
    desk = subparsers.add_parser(
        "desk-name",
        help=_("affiche ou change le nom de ce poste"),
        description=_(
            "Sans NOM, affiche le nom de ce poste (celui de la base donnée par --db). Avec NOM, "
            "le change : les autres postes l'affichent après la prochaine synchronisation, par "
            "exemple dans « Déjà enregistré à 18:32, Accueil 2 », et l'application ne le demande "
            "plus au démarrage."
        ),
    )
    add_db_option(desk, suppress_default=True)
    desk.add_argument(
        "name",
        nargs="?",
        metavar=_("NOM"),
        help=_("le nouveau nom, par exemple « Entrée nord » (1 à 60 caractères)"),
    )
    desk.set_defaults(handler=desk_name)


def desk_name(args: argparse.Namespace) -> int:
    services = open_services(args, create=args.name is not None)
    try:
        if args.name is None:
            naming = services.desk.naming()
            print(naming.name)
            if not naming.chosen:
                print(
                    _(
                        "Ce nom n'a pas encore été choisi : l'application le demandera au "
                        "démarrage (nom proposé : « {suggestion} »)."
                    ).format(suggestion=naming.suggestion),
                    file=sys.stderr,
                )
            return 0
        change = write(services.desk.rename_desk, args.name)
        name = services.desk.desk_name()
    finally:
        services.database.close()
    print(_("Ce poste s'appelle « {name} ».").format(name=name))
    if change.event_count:
        print(
            ngettext(
                "Le nouveau nom est noté dans {count} réunion.",
                "Le nouveau nom est noté dans {count} réunions.",
                change.event_count,
            ).format(count=change.event_count)
        )
    return 0
