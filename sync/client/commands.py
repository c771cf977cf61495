"""``civodesk enroll``, ``civodesk sync`` (and ``sync.client.directory_commands``), plugged into the ``civodesk`` command by entry point.

``sync`` runs once and exits 0 only when the server holds every event of this desk, so an agent
can schedule it (cron, Task Scheduler) and alert on anything else.
"""

from __future__ import annotations

import argparse
from typing import Any

from civodesk.cli.common import add_db_option, fail, open_services
from civodesk.clock import ms_to_datetime
from civodesk.i18n import _, ngettext
from sync.client import state
from sync.client.engine import SyncClient, SyncOutcome, enroll
from sync.client.messages import deferred_text, describe_rejection
from sync.client.transport import SyncError

EXIT_INCOMPLETE = 2
EXIT_UNREACHABLE = 3
EXIT_UNAUTHORIZED = 4
EXIT_REFUSED = 5
"""The server refused a request, or the sync stopped on an unexpected error (said in one line)."""


def register(subparsers: Any) -> None:
    enroll_parser = subparsers.add_parser(
        "enroll",
        help=_("inscrit ce poste auprès d'un serveur de synchronisation"),
        description=_(
            "Échange le code d'inscription à usage unique donné par l'équipe centrale contre "
            "le jeton de ce poste, et retient l'adresse du serveur."
        ),
    )
    add_db_option(enroll_parser, suppress_default=True)
    enroll_parser.add_argument("--server", required=True, metavar="URL", help=_("adresse"))
    enroll_parser.add_argument("--code", required=True, metavar="CODE", help=_("code reçu"))
    enroll_parser.set_defaults(handler=run_enroll)

    sync_parser = subparsers.add_parser(
        "sync",
        help=_("synchronise une fois avec le serveur"),
        description=_(
            "Envoie les événements que le serveur n'a pas encore, récupère ceux des autres "
            "postes, affiche ce qui a été fait. Code 0 quand tout est accepté par le serveur, "
            "2 s'il reste des événements en attente ou mis de côté, 3 si le serveur est "
            "injoignable, 4 s'il refuse ce poste."
        ),
    )
    add_db_option(sync_parser, suppress_default=True)
    sync_parser.add_argument(
        "--retry-rejected",
        action="store_true",
        help=_("remet dans la file les événements mis de côté avant de synchroniser"),
    )
    sync_parser.set_defaults(handler=run_sync)

    from sync.client.directory_commands import register as register_directory  # uses our codes

    register_directory(subparsers)


def run_enroll(args: argparse.Namespace) -> int:
    services = open_services(args, create=True)
    try:
        enrollment = enroll(services, args.server, args.code)
    except SyncError as error:
        return fail(str(error))
    print(
        _("Poste inscrit auprès de {server} pour « {organization} ».").format(
            server=enrollment.server_url, organization=enrollment.organization
        )
    )
    return 0


def run_sync(args: argparse.Namespace) -> int:
    services = open_services(args)
    if args.retry_rejected:
        with services.database.write() as conn:
            count = state.clear_rejections(conn)
        print(
            ngettext(
                "{count} événement mis de côté remis dans la file.",
                "{count} événements mis de côté remis dans la file.",
                count,
            ).format(count=count)
        )
    report = SyncClient(services).sync_once()
    if report.outcome is SyncOutcome.NOT_ENROLLED:
        return fail(
            report.message + " " + _("Utilisez d'abord : civodesk enroll --server URL --code CODE")
        )
    print(
        _(
            "Envoyés : {pushed} (acceptés {accepted}, déjà présents {duplicates}, refusés "
            "{rejected}) en {batches} lots ; reçus : {pulled} (nouveaux {ingested})."
        ).format(
            pushed=report.pushed,
            accepted=report.accepted,
            duplicates=report.duplicates,
            rejected=report.rejected,
            batches=report.batches,
            pulled=report.pulled,
            ingested=report.ingested,
        )
    )
    print(
        _("Octets envoyés : {sent}, reçus : {received}, nouvelles tentatives : {retries}.").format(
            sent=report.bytes_sent, received=report.bytes_received, retries=report.retries
        )
    )
    if report.recovery is not None:
        print(report.recovery.sentence())
    for rejection in report.set_aside:
        print(
            _("Mis de côté : événement {id} ({type}, n° {seq}) : {reason}").format(
                id=rejection.event_id,
                type=rejection.event_type,
                seq=rejection.seq,
                reason=describe_rejection(rejection.reason),
            )
        )
    for waiting in report.deferred:
        print(
            _("En attente d'application : événement {id} ({type}, n° {seq}) : {reason}").format(
                id=waiting.event_id,
                type=waiting.type,
                seq=waiting.seq,
                reason=deferred_text(waiting.reason),
            )
        )
    if report.ok:
        last = ms_to_datetime(services.journal.clock.now_ms()).astimezone()
        print(_("Tout est synchronisé ({time}).").format(time=last.strftime("%Y-%m-%d %H:%M:%S")))
        return 0
    print(_("Synchronisation incomplète : {reason}").format(reason=report.message))
    if report.outcome is SyncOutcome.UNREACHABLE:
        return EXIT_UNREACHABLE
    if report.outcome is SyncOutcome.UNAUTHORIZED:
        return EXIT_UNAUTHORIZED
    if report.outcome is SyncOutcome.REFUSED:
        return EXIT_REFUSED
    return EXIT_INCOMPLETE
