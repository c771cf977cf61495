"""Commands that move or compare a meeting without a network: packages and the fingerprint."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from civodesk.cli.common import add_db_option, fail, open_services, write
from civodesk.i18n import _, ngettext
from civodesk.journal.store import events_table
from civodesk.transfer.package import (
    SUFFIX,
    PackageError,
    UntrustedPackageError,
    export_meeting,
    import_package,
    released_message,
)


def register(subparsers: Any) -> None:
    fingerprint = subparsers.add_parser(
        "fingerprint",
        help=_("affiche l'empreinte d'une réunion"),
        description=_(
            "Affiche l'empreinte SHA-256 du journal d'une réunion. Deux postes, ou un poste et le "
            "serveur, qui ont les mêmes événements affichent la même empreinte."
        ),
    )
    add_db_option(fingerprint, suppress_default=True)
    fingerprint.add_argument("--meeting", required=True, metavar="ID", help=_("identifiant"))
    fingerprint.set_defaults(handler=print_fingerprint)

    package = subparsers.add_parser(
        "package",
        help=_("exporte ou importe une réunion dans un fichier signé (clé USB)"),
        description=_(
            "Sans aucun réseau, un paquet de réunion (.civo) transporte tout le journal d'une "
            "réunion d'un poste à l'autre. Il est signé par le poste qui l'exporte ; un paquet "
            "modifié est refusé."
        ),
    )
    actions = package.add_subparsers(dest="package_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help=_("écrit le journal d'une réunion dans un paquet signé")
    )
    add_db_option(export, suppress_default=True)
    export.add_argument("--meeting", required=True, metavar="ID", help=_("identifiant"))
    export.add_argument(
        "--out", required=True, type=Path, metavar="FICHIER.civo", help=_("fichier à écrire")
    )
    export.set_defaults(handler=export_package)
    imported = actions.add_parser(
        "import", help=_("fusionne un paquet dans cette base (sans effet s'il est déjà importé)")
    )
    add_db_option(imported, suppress_default=True)
    imported.add_argument("file", type=Path, metavar="FICHIER.civo", help=_("paquet à importer"))
    imported.add_argument(
        "--trust",
        action="store_true",
        help=_(
            "fait confiance aux postes du paquet qu'aucun certificat ne garantit (comparez "
            "d'abord leurs empreintes avec leurs utilisateurs)"
        ),
    )
    imported.set_defaults(handler=import_package_command)


def print_fingerprint(args: argparse.Namespace) -> int:
    services = open_services(args)
    with services.database.read() as conn:
        known = conn.execute(
            select(events_table.c.event_id)
            .where(events_table.c.meeting_id == args.meeting)
            .limit(1)
        ).scalar()
    if known is None:
        return fail(_("Réunion introuvable : {id}").format(id=args.meeting))
    print(services.journal_tools.fingerprint(args.meeting))
    return 0


def export_package(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    services = open_services(args)
    report = export_meeting(services, args.meeting, out)
    events = report.header.event_count
    devices = report.header.stream_count
    print(
        _("Paquet écrit : {path} ({events}, {devices}, {size} octets).").format(
            path=report.path,
            events=ngettext("{count} événement", "{count} événements", events).format(count=events),
            devices=ngettext("{count} appareil", "{count} appareils", devices).format(
                count=devices
            ),
            size=report.size_bytes,
        )
    )
    return 0


def import_package_command(args: argparse.Namespace) -> int:
    services = open_services(args, create=True)
    try:
        report = write(partial(import_package, trust=args.trust), services, args.file)
    except UntrustedPackageError as error:
        for desk in error.desks:
            print(
                _("Poste inconnu : {label} ({device}), empreinte de clé {fingerprint}").format(
                    label=desk.label or "?", device=desk.device_id, fingerprint=desk.fingerprint
                )
            )
        return fail(
            _(
                "paquet refusé : aucun certificat ne garantit ces postes. Si les empreintes "
                "sont bien les leurs, relancez avec --trust."
            )
        )
    except PackageError as error:
        return fail(_("paquet refusé : {reason}").format(reason=error))
    header = report.header
    for desk in report.trusted:
        print(
            _("Confiance accordée au poste {label}, empreinte {fingerprint}.").format(
                label=desk.label or desk.device_id, fingerprint=desk.fingerprint
            )
        )
    print(
        _("Réunion « {title} » exportée par {device}.").format(
            title=header.meeting_title, device=header.exported_by_label or header.exported_by_device
        )
    )
    print(
        ngettext(
            "{count} événement ajouté",
            "{count} événements ajoutés",
            report.accepted,
        ).format(count=report.accepted)
        + ", "
        + ngettext(
            "{count} déjà présent",
            "{count} déjà présents",
            report.duplicates,
        ).format(count=report.duplicates)
        + "."
    )
    if report.released:
        print(released_message(report.released))
    for outcome in report.rejected:
        print(_("Refusé : {id} — {reason}").format(id=outcome.event_id, reason=outcome.reason))
    return 1 if report.rejected else 0
