"""Commands about meetings: listing them and checking their journal."""

from __future__ import annotations

import argparse
import json
from typing import Any

from civodesk.cli.common import add_db_option, open_services
from civodesk.i18n import _


def register(subparsers: Any) -> None:
    meetings = subparsers.add_parser(
        "meetings",
        help=_("liste les réunions"),
        description=_("Liste les réunions de la base, la plus récente d'abord."),
    )
    add_db_option(meetings, suppress_default=True)
    meetings.add_argument("--json", action="store_true", help=_("sortie JSON (une liste)"))
    meetings.set_defaults(handler=list_meetings)

    verify = subparsers.add_parser(
        "verify-journal",
        help=_("vérifie les chaînes de hachage et les séquences du journal"),
        description=_(
            "Vérifie que chaque flux du journal (une réunion, un appareil) est complet et non "
            "altéré. Sort avec le code 1 et la raison au premier problème."
        ),
    )
    add_db_option(verify, suppress_default=True)
    verify.set_defaults(handler=verify_journal)


def list_meetings(args: argparse.Namespace) -> int:
    services = open_services(args)
    summaries = services.meetings.list_meetings()
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "id": m.id,
                "title": m.title,
                "organization": m.organization,
                "place": m.place,
                "starts_at": m.starts_at.isoformat(),
                "ends_at": m.ends_at.isoformat(),
                "status": m.status.value,
                "participants": m.participant_count,
            }
            for m in summaries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print(_("Aucune réunion. Créez-en une dans l'application ou avec « civodesk demo »."))
    for m in summaries:
        print(f"{m.id}  {m.starts_at:%Y-%m-%d %H:%M}  {m.status.value:<6}  {m.title}")
    return 0


def verify_journal(args: argparse.Namespace) -> int:
    services = open_services(args)
    report = services.journal_tools.verify()
    if report.ok:
        print(
            _("Journal intègre : {events} événements dans {streams} flux.").format(
                events=report.events_checked, streams=report.streams_checked
            )
        )
        return 0
    for problem in report.problems:
        print(_("Problème : {problem}").format(problem=problem))
    return 1
