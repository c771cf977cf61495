"""The ``civodesk-server`` command: run the server and administer organizations and devices.

Every command takes ``--database-url`` or reads ``CIVODESK_DATABASE_URL``; the default is a SQLite
file (see ``ServerSettings``), PostgreSQL is for production (``postgresql://user@host/db``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from civodesk.cli.language import requested_language, use_language
from civodesk.i18n import _
from sync.server.admin import (
    DEFAULT_CODE_LIFETIME,
    INVALID_NAME,
    ORGANIZATION_EXISTS,
    UNKNOWN_DEVICE,
    UNKNOWN_ORGANIZATION,
    AdminError,
    create_organization,
    issue_enroll_code,
    list_devices,
    list_organizations,
    parse_lifetime,
    revoke_device,
)
from sync.server.db import ServerDatabase
from sync.server.settings import ServerSettings
from sync.server.tables import meetings as server_meetings

Handler = Callable[[argparse.Namespace], int]
APP_FACTORY = "sync.server.app:app_from_environment"


def _settings(args: argparse.Namespace) -> ServerSettings:
    if args.database_url:
        return ServerSettings(database_url=args.database_url)
    return ServerSettings()


def _database(args: argparse.Namespace) -> ServerDatabase:
    settings = _settings(args)
    database = ServerDatabase(settings.database_url)
    database.migrate()
    return database


def _admin_message(error: AdminError) -> str:
    messages = {
        ORGANIZATION_EXISTS: _("l'organisation « {subject} » existe déjà."),
        UNKNOWN_ORGANIZATION: _(
            "aucune organisation « {subject} ». Créez-la avec « civodesk-server create-org »."
        ),
        UNKNOWN_DEVICE: _("aucun poste {subject} n'est inscrit sur ce serveur."),
        INVALID_NAME: _("le nom d'organisation doit faire de 1 à 200 caractères."),
    }
    return messages[error.code].format(subject=error.subject)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    # Workers are separate processes: they read the database URL from the environment.
    os.environ["CIVODESK_DATABASE_URL"] = settings.database_url
    ServerDatabase(settings.database_url).migrate()
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        log_level=args.log_level,
    )
    return 0


def create_org(args: argparse.Namespace) -> int:
    record = create_organization(_database(args), args.name)
    print(_("Organisation créée : {name} ({id})").format(name=record.name, id=record.id))
    return 0


def enroll_code(args: argparse.Namespace) -> int:
    code = issue_enroll_code(_database(args), args.org, args.expires)
    print(code.code)
    print(
        _(
            "Code d'inscription à usage unique pour « {org} », valable jusqu'au {date} (UTC)."
        ).format(org=code.organization, date=code.expires_at.strftime("%d/%m/%Y %H:%M")),
        file=sys.stderr,
    )
    return 0


def revoke(args: argparse.Namespace) -> int:
    record = revoke_device(_database(args), args.device_id)
    print(
        _("Poste {device} ({label}) révoqué le {date} : ses requêtes sont refusées.").format(
            device=record.device_id, label=record.label or "—", date=record.revoked_at
        )
    )
    return 0


def list_orgs(args: argparse.Namespace) -> int:
    records = list_organizations(_database(args))
    if not records:
        print(_("Aucune organisation. Créez-en une avec « civodesk-server create-org NOM »."))
    for record in records:
        print(
            _("{name} — {devices} poste(s) actif(s), {meetings} réunion(s) — {id}").format(
                name=record.name,
                devices=record.device_count,
                meetings=record.meeting_count,
                id=record.id,
            )
        )
    return 0


def list_devices_command(args: argparse.Namespace) -> int:
    records = list_devices(_database(args), args.org)
    if not records:
        print(
            _("Aucun poste inscrit. Donnez un code de « civodesk-server enroll-code » à un poste.")
        )
    for record in records:
        state = (
            _("révoqué le {date}").format(date=record.revoked_at)
            if record.revoked_at
            else _("actif")
        )
        print(f"{record.device_id}  {record.organization}  {record.label or '—'}  {state}")
    return 0


def migrate(args: argparse.Namespace) -> int:
    _database(args)
    print(_("Base de données à jour."))
    return 0


def minutes(args: argparse.Namespace) -> int:
    """The minutes of a synced meeting, made by the desk's own code (the same bytes)."""
    from civodesk.minutes.options import MinutesKind, MinutesOptions
    from civodesk.minutes.record import read_meeting_record
    from civodesk.minutes.service import render_record, write_minutes

    database = _database(args)
    try:
        with database.read() as conn:
            record = read_meeting_record(conn, args.meeting, args.document_language)
        options = MinutesOptions(
            kind=MinutesKind(args.kind),
            language=args.document_language,
            with_names=not args.no_names,
        )
        rendered = render_record(record, options)
        write_minutes(args.out, rendered)
    except (LookupError, OSError) as error:
        print(_("Erreur : {message}").format(message=error), file=sys.stderr)
        return 1
    print(
        _("{pages} page(s) : {path} — empreinte du journal {digest}").format(
            pages=rendered.pages, path=args.out, digest=rendered.fingerprint
        )
    )
    return 0


def votes(args: argparse.Namespace) -> int:
    """A synced meeting's votes and results, counted by the desk's own code (civodesk.voting)."""
    import json

    from civodesk.cli.votes_commands import outcome_as_json, print_outcomes
    from sync.server.api.votes import outcomes

    database = _database(args)
    with database.read() as conn:
        known = conn.execute(
            select(server_meetings.c.meeting_id).where(server_meetings.c.meeting_id == args.meeting)
        ).scalar()
        if known is None:
            print(
                _("Erreur : {message}").format(
                    message=_("aucune réunion {id} sur ce serveur.").format(id=args.meeting)
                ),
                file=sys.stderr,
            )
            return 1
        found = outcomes(conn, args.meeting)
    if args.json:
        print(json.dumps([outcome_as_json(o) for o in found], ensure_ascii=False, indent=2))
    else:
        print_outcomes(found)
    return 0


def _lifetime(text: str) -> object:
    try:
        return parse_lifetime(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("durée invalide « {text} » : écrivez par exemple 7d, 12h ou 30m").format(text=text)
        ) from error


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("port invalide : {text}").format(text=text))
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    database_option = argparse.ArgumentParser(add_help=False)
    database_option.add_argument(
        "--database-url",
        metavar="URL",
        help=_(
            "base de données du serveur (sqlite:///chemin ou postgresql://utilisateur@hôte/base) ; "
            "par défaut CIVODESK_DATABASE_URL, sinon un fichier SQLite local"
        ),
    )
    parser = argparse.ArgumentParser(
        prog="civodesk-server",
        description=_("Serveur central de synchronisation CivoDesk."),
    )
    parser.add_argument(
        "--lang",
        choices=["fr", "en"],
        help=_("langue des messages (par défaut : celle du système)"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar=_("COMMANDE"))

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[database_option], help=help_text)
        sub.set_defaults(handler=handler)
        return sub

    serve_parser = command("serve", serve, _("démarre le serveur HTTP"))
    serve_parser.add_argument("--host", default="127.0.0.1", help=_("adresse d'écoute"))
    serve_parser.add_argument("--port", type=_port, default=8440, help=_("port d'écoute"))
    serve_parser.add_argument(
        "--workers", type=int, default=1, help=_("nombre de processus (sans état partagé)")
    )
    serve_parser.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help=_("niveau de journalisation"),
    )
    org_parser = command("create-org", create_org, _("crée une organisation (territoire, commune)"))
    org_parser.add_argument("name", metavar=_("NOM"))
    code_parser = command(
        "enroll-code", enroll_code, _("donne un code d'inscription à usage unique pour un poste")
    )
    code_parser.add_argument("--org", required=True, metavar=_("NOM"), help=_("organisation"))
    code_parser.add_argument(
        "--expires",
        type=_lifetime,
        default=DEFAULT_CODE_LIFETIME,
        metavar=_("DURÉE"),
        help=_("validité du code : 7d, 12h, 30m… (7d par défaut)"),
    )
    revoke_parser = command("revoke-device", revoke, _("révoque un poste : son jeton est refusé"))
    revoke_parser.add_argument("device_id", metavar="DEVICE_ID")
    command("list-orgs", list_orgs, _("liste les organisations"))
    devices_parser = command("list-devices", list_devices_command, _("liste les postes inscrits"))
    devices_parser.add_argument("--org", metavar=_("NOM"), help=_("seulement cette organisation"))
    command("migrate", migrate, _("met le schéma de la base à jour et quitte"))
    minutes_parser = command(
        "minutes", minutes, _("écrit le compte-rendu PDF d'une réunion synchronisée")
    )
    minutes_parser.add_argument("--meeting", required=True, metavar="ID")
    minutes_parser.add_argument("--out", required=True, metavar=_("FICHIER.pdf"))
    minutes_parser.add_argument("--kind", choices=["compte-rendu", "pv"], default="compte-rendu")
    minutes_parser.add_argument(
        "--lang", dest="document_language", choices=["fr", "en"], default="fr"
    )
    minutes_parser.add_argument("--no-names", action="store_true")
    votes_parser = command(
        "votes", votes, _("liste les votes d'une réunion synchronisée et leurs résultats")
    )
    votes_parser.add_argument("--meeting", required=True, metavar="ID")
    votes_parser.add_argument(
        "--json", action="store_true", help=_("sortie JSON (pour les scripts)")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    use_language(requested_language(arguments, os.environ))
    args = build_parser().parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except AdminError as error:
        print(_("Erreur : {message}").format(message=_admin_message(error)), file=sys.stderr)
    except ValidationError as error:
        problems = "; ".join(
            f"CIVODESK_{'_'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            for item in error.errors()
        )
        print(_("Erreur : réglage invalide ({detail}).").format(detail=problems), file=sys.stderr)
    except SQLAlchemyError as error:
        print(
            _("Erreur : base de données inaccessible ({detail}).").format(
                detail=str(error.orig if hasattr(error, "orig") else error).splitlines()[0]
            ),
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
