"""Commands about meetings: listing them and checking their journal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from civodesk.cli.common import add_db_option, open_services
from civodesk.i18n import N_, _, ngettext
from civodesk.meetings.meeting import MeetingStatus, MeetingSummary

STATUS_LABELS = {
    MeetingStatus.DRAFT: N_("brouillon"),
    MeetingStatus.OPEN: N_("ouverte"),
    MeetingStatus.CLOSED: N_("close"),
}


def register(subparsers: Any) -> None:
    meetings = subparsers.add_parser(
        "meetings",
        help=_("liste les réunions"),
        description=_(
            "Liste les réunions de la base, la plus récente d'abord : identifiant, début, état, "
            "nombre de participants et titre."
        ),
    )
    add_db_option(meetings, suppress_default=True)
    meetings.add_argument(
        "--json",
        action="store_true",
        help=_("sortie JSON : une liste d'objets (dates ISO 8601, état draft/open/closed)"),
    )
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


def meeting_as_json(meeting: MeetingSummary) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "organization": meeting.organization,
        "place": meeting.place,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "status": meeting.status.value,
        "participants": meeting.participant_count,
    }


def list_meetings(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        summaries = services.meetings.list_meetings()
    finally:
        services.database.close()
    if args.json:
        print(json.dumps([meeting_as_json(m) for m in summaries], ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print(_("Aucune réunion. Créez-en une dans l'application ou avec « civodesk demo »."))
        return 0
    status_width = max(len(_(label)) for label in STATUS_LABELS.values())
    header = (_("Identifiant"), _("Début"), _("État"), _("Participants"), _("Titre"))
    rows = [
        (
            m.id,
            f"{m.starts_at:%Y-%m-%d %H:%M}",
            _(STATUS_LABELS[m.status]),
            str(m.participant_count),
            f"{m.title} ({m.organization})",
        )
        for m in summaries
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    widths[2] = max(widths[2], status_width)
    for row in [header, *rows]:
        print(
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  "
            f"{row[3]:>{widths[3]}}  {row[4]}"
        )
    return 0


def verify_journal(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        report = services.journal_tools.verify()
    finally:
        services.database.close()
    if report.ok:
        print(
            ngettext(
                "Journal intègre : {events} événements dans {streams} flux.",
                "Journal intègre : {events} événements dans {streams} flux.",
                report.streams_checked,
            ).format(events=report.events_checked, streams=report.streams_checked)
        )
        return 0
    for problem in report.problems:
        print(
            _(
                "Problème : réunion {meeting}, appareil {device}, événement n° {seq} : {reason}"
            ).format(
                meeting=problem.meeting_id,
                device=problem.device_id,
                seq=problem.seq,
                reason=problem.reason,
            ),
            file=sys.stderr,
        )
    print(
        _("Journal altéré : {count} problème(s) sur {events} événements vérifiés.").format(
            count=len(report.problems), events=report.events_checked
        ),
        file=sys.stderr,
    )
    return 1
