"""``civodesk demo``: fill a database with a realistic French meeting to explore or measure."""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

from civodesk.cli.common import add_db_option, count_argument, open_services, write
from civodesk.i18n import _

MAX_PARTICIPANTS = 100_000
MAX_IDEAS = 50_000


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help=_("crée une réunion de démonstration"),
        description=_(
            "Crée une réunion publique de démonstration (commune, lieu, animateurs, ordre du "
            "jour, participants et idées fictifs) et l'ouvre. Les mêmes options et la même graine "
            "donnent les mêmes noms et les mêmes idées. Affiche l'identifiant de la réunion."
        ),
    )
    add_db_option(demo, suppress_default=True)
    demo.add_argument(
        "--participants",
        type=count_argument(MAX_PARTICIPANTS),
        default=120,
        metavar="N",
        help=_("nombre de participants inscrits (par défaut : 120, au plus {max})").format(
            max=MAX_PARTICIPANTS
        ),
    )
    demo.add_argument(
        "--ideas",
        type=count_argument(MAX_IDEAS),
        default=60,
        metavar="N",
        help=_("nombre d'idées notées (par défaut : 60, au plus {max})").format(max=MAX_IDEAS),
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help=_("graine du tirage : une autre graine donne une autre réunion (par défaut : 1)"),
    )
    demo.set_defaults(handler=create_demo)


def create_demo(args: argparse.Namespace) -> int:
    from civodesk.demo import create_demo_meeting

    services = open_services(args, create=True)
    try:
        demo = partial(
            create_demo_meeting, participants=args.participants, ideas=args.ideas, seed=args.seed
        )
        meeting_id = write(demo, services)
    finally:
        services.database.close()
    print(meeting_id)
    return 0
