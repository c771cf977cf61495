"""``civodesk remote-meetings`` and ``civodesk join``: the territory's meetings, and taking part in one.

Both exit 0 on success, 1 when the database is missing or the desk is not enrolled, 3 when the
server is unreachable, 4 when it refuses this desk, 5 when it refuses the request (an unknown
meeting) or anything else stops it; always with one line saying what happened, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from civodesk.cli.common import add_db_option, fail, open_services
from civodesk.i18n import _, ngettext
from sync.client.commands import EXIT_REFUSED, EXIT_UNAUTHORIZED, EXIT_UNREACHABLE
from sync.client.directory import NotEnrolledError, join_meeting, remote_meetings
from sync.client.transport import AuthorizationError, ServerUnreachableError, SyncError

logger = logging.getLogger("civodesk.sync")


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser(
        "remote-meetings",
        help=_("liste les réunions de la collectivité sur le serveur"),
        description=_(
            "Liste les réunions de la collectivité que connaît le serveur : titre, dates, lieu, "
            "et si ce poste y participe. Aucune donnée personnelle. Code 0 si la liste est "
            "affichée, 1 si le poste n'est pas inscrit, 3 si le serveur est injoignable, 4 s'il "
            "refuse ce poste, 5 pour tout autre refus ou erreur."
        ),
    )
    add_db_option(listing, suppress_default=True)
    listing.add_argument("--json", action="store_true", help=_("sortie en JSON"))
    listing.set_defaults(handler=run_remote_meetings)

    joining = subparsers.add_parser(
        "join",
        help=_("fait participer ce poste à une réunion de la collectivité"),
        description=_(
            "Fait participer ce poste à une réunion connue du serveur : la prochaine "
            "synchronisation en apporte les événements. Code 0 une fois rejointe, 1 si le poste "
            "n'est pas inscrit, 3 si le serveur est injoignable, 4 s'il refuse ce poste, 5 si la "
            "réunion est inconnue ou pour tout autre refus ou erreur."
        ),
    )
    add_db_option(joining, suppress_default=True)
    joining.add_argument("--meeting", required=True, metavar="ID", help=_("identifiant"))
    joining.set_defaults(handler=run_join)


def _guarded(action: Callable[[], int]) -> int:
    """One line and a documented code for every failure (the traceback goes to the log)."""
    try:
        return action()
    except NotEnrolledError as error:
        return fail(str(error))
    except ServerUnreachableError as error:
        fail(str(error))
        return EXIT_UNREACHABLE
    except AuthorizationError as error:
        fail(str(error))
        return EXIT_UNAUTHORIZED
    except SyncError as error:
        fail(str(error))
        return EXIT_REFUSED
    except Exception as error:
        logger.exception("remote meetings command failed unexpectedly")
        fail(
            _("erreur inattendue ({error}) ; les données de ce poste sont intactes.").format(
                error=str(error) or type(error).__name__
            )
        )
        return EXIT_REFUSED


def run_remote_meetings(args: argparse.Namespace) -> int:
    services = open_services(args)

    def show() -> int:
        found = remote_meetings(services)
        if args.json:
            print(json.dumps([asdict(m) for m in found], ensure_ascii=False, indent=2))
            return 0
        if not found:
            print(_("Le serveur ne connaît encore aucune réunion de la collectivité."))
            return 0
        for meeting in found:
            print(
                _("{id}  {starts} → {ends}  {title} ({place}){joined}").format(
                    id=meeting.meeting_id,
                    starts=meeting.starts_at,
                    ends=meeting.ends_at,
                    title=meeting.title,
                    place=meeting.place,
                    joined=_("  [rejointe]") if meeting.joined else "",
                )
            )
        return 0

    return _guarded(show)


def run_join(args: argparse.Namespace) -> int:
    services = open_services(args)

    def join() -> int:
        result = join_meeting(services, args.meeting.strip())
        if result.already:
            print(_("Ce poste participe déjà à la réunion {id}.").format(id=result.meeting_id))
        else:
            print(
                _(
                    "Réunion {id} rejointe : la prochaine synchronisation en apporte les "
                    "événements (civodesk sync)."
                ).format(id=result.meeting_id)
            )
        if result.requeued:
            print(
                ngettext(
                    "{count} événement mis de côté faute d'avoir rejoint la réunion est remis "
                    "dans la file.",
                    "{count} événements mis de côté faute d'avoir rejoint la réunion sont remis "
                    "dans la file.",
                    result.requeued,
                ).format(count=result.requeued)
            )
        return 0

    return _guarded(join)
