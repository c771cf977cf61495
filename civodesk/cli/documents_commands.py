"""Commands that print documents from a meeting's data: the sign-in sheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.name_search import fold
from civodesk.cli.common import add_db_option, open_services
from civodesk.cli.participants_commands import resolve_meeting
from civodesk.documents.signin_sheet import (
    DEFAULT_BLANK_ROWS,
    SigninEntry,
    SigninSheet,
    write_signin_sheet,
)
from civodesk.i18n import _, ngettext
from civodesk.services import Services

MAX_BLANK_ROWS = 500


def register(subparsers: Any) -> None:
    sheet = subparsers.add_parser(
        "signin-sheet",
        help=_("imprime la feuille d'émargement en PDF"),
        description=_(
            "Écrit la feuille d'émargement d'une réunion : les inscrits par ordre alphabétique, "
            "avec leur commune, le code de leur badge et une colonne pour signer, puis des "
            "lignes vides pour les personnes non inscrites. Ne modifie pas la réunion."
        ),
    )
    add_db_option(sheet, suppress_default=True)
    sheet.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help=_("identifiant de la réunion (voir « civodesk meetings ») ou son début unique"),
    )
    sheet.add_argument(
        "--out", type=Path, required=True, metavar="FICHIER.pdf", help=_("le PDF à écrire")
    )
    sheet.add_argument(
        "--blank-rows",
        type=_blank_rows,
        default=DEFAULT_BLANK_ROWS,
        metavar="N",
        help=_("lignes vides pour les personnes non inscrites (par défaut : %(default)s)"),
    )
    sheet.set_defaults(handler=print_signin_sheet)


def _blank_rows(text: str) -> int:
    value = int(text) if text.strip().isdigit() else -1
    if not 0 <= value <= MAX_BLANK_ROWS:
        raise argparse.ArgumentTypeError(
            _("« {value} » n'est pas un nombre entier de 0 à {max}.").format(
                value=text, max=MAX_BLANK_ROWS
            )
        )
    return value


def signin_sheet_for(services: Services, meeting_id: str, blank_rows: int) -> SigninSheet:
    """The sheet of a meeting: every registered person, "LAST First", sorted as people read."""
    meeting = services.meetings.get_meeting(meeting_id)
    codes = {
        badge.participant_id: format_manual_code(badge.manual_code)
        for badge in services.checkin.list_badges(meeting_id)
    }
    people = sorted(
        services.participants.list_participants(meeting_id),
        key=lambda p: (fold(p.last_name), fold(p.first_name), p.id),
    )
    entries = [
        SigninEntry(
            name=" ".join(part for part in (person.last_name.upper(), person.first_name) if part),
            commune=person.commune,
            badge_code=codes.get(person.id, ""),
        )
        for person in people
    ]
    fields = meeting.fields
    return SigninSheet(
        title=fields.title,
        organization=fields.organization,
        place=fields.place,
        starts_at=fields.starts_at,
        ends_at=fields.ends_at,
        entries=entries,
        blank_rows=blank_rows,
    )


def print_signin_sheet(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    sheet = signin_sheet_for(services, meeting_id, args.blank_rows)
    pages = write_signin_sheet(args.out, sheet)
    count = len(sheet.entries)
    print(
        ngettext(
            "Feuille d'émargement de {count} inscrit ({pages} p.) : {path}",
            "Feuille d'émargement de {count} inscrits ({pages} p.) : {path}",
            count,
        ).format(count=count, pages=pages, path=args.out)
    )
    without_badge = sum(1 for entry in sheet.entries if not entry.badge_code)
    if without_badge:
        print(
            ngettext(
                "{count} inscrit n'a pas encore de badge (code laissé vide) : "
                "« civodesk badges » l'émet.",
                "{count} inscrits n'ont pas encore de badge (code laissé vide) : "
                "« civodesk badges » les émet.",
                without_badge,
            ).format(count=without_badge)
        )
    return 0
