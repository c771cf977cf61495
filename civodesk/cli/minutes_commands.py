"""``civodesk minutes`` (the compte-rendu or procès-verbal PDF) and ``civodesk export`` (open data)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from civodesk.cli.common import add_db_option, open_services
from civodesk.cli.participants_commands import resolve_meeting
from civodesk.i18n import _, current_language, ngettext
from civodesk.minutes.logos import OrganizationLogos
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.service import MinutesService, render_record, write_minutes
from civodesk.minutes.wording import document_name
from civodesk.opendata.export import export_meeting
from civodesk.paths import data_dir


def _meeting_option(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser, suppress_default=True)
    parser.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help=_("identifiant de la réunion (voir « civodesk meetings ») ou son début unique"),
    )


def register(subparsers: Any) -> None:
    minutes = subparsers.add_parser(
        "minutes",
        help=_("écrit le compte-rendu ou le procès-verbal en PDF"),
        description=_(
            "Écrit le compte-rendu (ou le procès-verbal d'une séance de conseil) d'une réunion à "
            "partir de son journal : présences, idées, votes, décisions, empreinte du journal. "
            "Le même journal donne le même PDF, octet pour octet. Une réunion non close donne un "
            "projet, marqué « PROJET ». Ne modifie pas la réunion."
        ),
    )
    _meeting_option(minutes)
    minutes.add_argument(
        "--out", type=Path, required=True, metavar="FICHIER.pdf", help=_("le PDF à écrire")
    )
    minutes.add_argument(
        "--lang",
        dest="document_language",
        choices=["fr", "en"],
        help=_("langue du document (par défaut : celle des messages)"),
    )
    minutes.add_argument(
        "--no-names",
        action="store_true",
        help=_("ne publie aucun nom : seulement les effectifs et les répartitions"),
    )
    minutes.add_argument(
        "--kind",
        choices=[kind.value for kind in MinutesKind],
        default=MinutesKind.COMPTE_RENDU.value,
        help=_("compte-rendu (atelier, réunion publique) ou pv (séance de conseil, CGCT L2121-15)"),
    )
    minutes.add_argument(
        "--logo",
        type=Path,
        metavar="IMAGE",
        help=_(
            "logo de l'organisation pour la couverture (PNG, JPEG ou GIF) ; par défaut, celui "
            "choisi pour cette organisation dans l'application"
        ),
    )
    minutes.set_defaults(handler=print_minutes)

    export = subparsers.add_parser(
        "export",
        help=_("exporte les données ouvertes d'une réunion (JSON ou CSV)"),
        description=_(
            "Écrit les données ouvertes d'une réunion dans un dossier : un fichier JSON, ou un "
            "fichier CSV par table (participants, idées, regroupements, votes, résultats, "
            "décisions), en UTF-8 lisible tel quel par Excel et LibreOffice. Schéma : "
            "docs/open-data.md."
        ),
    )
    _meeting_option(export)
    export.add_argument(
        "--out", type=Path, required=True, metavar="DOSSIER", help=_("le dossier où écrire")
    )
    export.add_argument(
        "--format", choices=["json", "csv"], default="csv", help=_("format (par défaut : csv)")
    )
    export.add_argument(
        "--no-names",
        action="store_true",
        help=_("ne publie aucun nom : seulement les effectifs et les répartitions"),
    )
    export.set_defaults(handler=export_open_data)


def print_minutes(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    minutes = MinutesService(services.database)
    record = minutes.read_record(meeting_id)
    options = MinutesOptions(
        kind=MinutesKind(args.kind),
        language=args.document_language or current_language(),
        with_names=not args.no_names,
        logo_path=args.logo or OrganizationLogos(data_dir()).logo_of(record.organization),
    )
    rendered = render_record(record, options)
    write_minutes(args.out, rendered)
    for warning in rendered.warnings:
        print(_("Attention : {warning}").format(warning=warning))
    message = ngettext(
        "{kind} de {pages} page : {path}", "{kind} de {pages} pages : {path}", rendered.pages
    ).format(kind=document_name(options.kind), pages=rendered.pages, path=args.out)
    print(message)
    if rendered.draft:
        print(_("La réunion n'est pas close : le document est un projet, marqué « PROJET »."))
    print(_("Empreinte du journal (SHA-256) : {digest}").format(digest=rendered.fingerprint))
    return 0


def export_open_data(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    record = MinutesService(services.database).read_record(meeting_id)
    files = export_meeting(record, args.out, args.format, with_names=not args.no_names)
    print(
        ngettext(
            "{count} fichier écrit dans {folder}",
            "{count} fichiers écrits dans {folder}",
            len(files),
        ).format(count=len(files), folder=args.out)
    )
    return 0
