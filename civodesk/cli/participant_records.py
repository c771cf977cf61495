"""``participants list``, ``reissue-badge`` and ``erase``: one meeting's people, from the terminal.

The list can be read by a person (a table), a program (``--json``) or a spreadsheet (``--csv``,
through the shared formula-safe writer). A lost badge at the door is reissued by the check-in
badge service (the old one is revoked); an erasure is the same journaled event as in the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from civodesk.cli.common import add_db_option, fail, open_services, resolve_meeting, write
from civodesk.csv_export import write_csv
from civodesk.documents.badges import write_badges_pdf
from civodesk.i18n import _
from civodesk.owner_only import open_owner_only
from civodesk.participants.participant import ParticipantView
from civodesk.services import Services

LIST_FIELDS = (
    "id",
    "last_name",
    "first_name",
    "email",
    "phone",
    "commune",
    "neighbourhood",
    "age_bracket",
    "consent",
    "consent_purpose",
)


def add_record_actions(
    actions: Any, add_meeting_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    lister = actions.add_parser(
        "list",
        help=_("liste les inscrits d'une réunion"),
        description=_(
            "Affiche les inscrits d'une réunion, triés par nom : un tableau lisible, du JSON "
            "(--json) ou du CSV pour un tableur (--csv ; les cellules qui ressembleraient à une "
            "formule sont neutralisées)."
        ),
    )
    add_db_option(lister, suppress_default=True)
    add_meeting_option(lister)
    output = lister.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("écrit la liste en JSON"))
    output.add_argument(
        "--csv",
        type=Path,
        metavar="FICHIER.csv",
        help=_("écrit la liste dans ce fichier CSV (UTF-8, séparateur « ; »)"),
    )
    lister.set_defaults(handler=list_participants)

    reissue = actions.add_parser(
        "reissue-badge",
        help=_("émet un nouveau badge pour un badge perdu"),
        description=_(
            "Révoque le badge de la personne (un badge perdu ne peut plus servir) et en émet un "
            "nouveau ; affiche son code manuel à 8 caractères et, avec --out, écrit le badge en PDF."
        ),
    )
    add_db_option(reissue, suppress_default=True)
    add_meeting_option(reissue)
    _add_participant_option(reissue)
    reissue.add_argument("--out", type=Path, metavar="FICHIER.pdf", help=_("le badge en PDF"))
    reissue.set_defaults(handler=reissue_badge)

    erase = actions.add_parser(
        "erase",
        help=_("efface les données personnelles d'une personne (RGPD)"),
        description=_(
            "Efface définitivement le nom, le courriel et le téléphone d'une personne qui le "
            "demande, dans tout le journal et sur les autres postes et le serveur à la prochaine "
            "synchronisation. Sa présence reste comptée, anonymement, et le journal reste "
            "vérifiable. Irréversible : ajoutez --yes pour confirmer."
        ),
    )
    add_db_option(erase, suppress_default=True)
    add_meeting_option(erase)
    _add_participant_option(erase)
    erase.add_argument("--yes", action="store_true", help=_("confirme l'effacement définitif"))
    erase.set_defaults(handler=erase_participant)


def _add_participant_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--participant",
        required=True,
        metavar="ID",
        help=_("identifiant du participant (voir « participants list ») ou son début unique"),
    )


def resolve_participant(services: Services, meeting_id: str, text: str) -> ParticipantView:
    """The participant whose id is ``text`` or starts with it (when only one does)."""
    wanted = text.strip()
    matches = [
        p for p in services.participants.list_participants(meeting_id) if p.id.startswith(wanted)
    ]
    exact = [p for p in matches if p.id == wanted]
    if exact:
        return exact[0]
    if len(matches) != 1:
        raise LookupError(
            _("Participant introuvable : {id}").format(id=text)
            if not matches
            else _(
                "Plusieurs participants commencent par {id} : donnez l'identifiant complet."
            ).format(id=text)
        )
    return matches[0]


def _record(person: ParticipantView) -> dict[str, Any]:
    return {name: getattr(person, name) for name in LIST_FIELDS}


def list_participants(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    people = services.participants.list_participants(meeting_id)
    if args.json:
        json.dump([_record(p) for p in people], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.csv is not None:
        header = [
            _("Identifiant"), _("Nom"), _("Prénom"), _("Courriel"), _("Téléphone"), _("Commune"),
            _("Quartier"), _("Tranche d'âge"), _("Consentement"), _("Finalité"),
        ]  # fmt: skip
        with open_owner_only(args.csv, encoding="utf-8-sig", newline="") as stream:
            count = write_csv(
                stream,
                header,
                (
                    [
                        *(_record(p)[name] for name in LIST_FIELDS[:8]),
                        _("oui") if p.consent else _("non"),
                        p.consent_purpose,
                    ]
                    for p in people
                ),
            )
        print(_("{count} inscrits écrits dans {path}").format(count=count, path=args.csv))
        return 0
    if not people:
        print(_("Aucun inscrit : importez la liste avec « civodesk participants import »."))
        return 0
    for person in people:
        name = person.display_name or _("(données effacées)")
        consent = _("consentement : oui") if person.consent else _("consentement : non")
        print(f"{person.id}  {name:<32}  {person.commune:<20}  {consent}")
    print(_("{count} inscrits.").format(count=len(people)))
    return 0


def reissue_badge(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    person = resolve_participant(services, meeting_id, args.participant)
    write(services.checkin.reissue_badge, meeting_id, person.id)
    (badge,) = services.checkin.list_badges(meeting_id, [person.id])
    print(
        _("Nouveau badge pour {name} : code manuel {code} (l'ancien badge est révoqué).").format(
            name=person.display_name or person.id, code=badge.manual_code
        )
    )
    if args.out is not None:
        meeting = services.meetings.get_meeting(meeting_id)
        write_badges_pdf(args.out, meeting, [badge], "sheet")
        print(_("Badge écrit : {path}").format(path=args.out))
    return 0


def erase_participant(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    person = resolve_participant(services, meeting_id, args.participant)
    if not args.yes:
        return fail(
            _(
                "l'effacement de {name} est définitif : relancez la commande avec --yes pour "
                "confirmer."
            ).format(name=person.display_name or person.id)
        )
    write(services.privacy.erase_participant, meeting_id, person.id)
    print(_("Données personnelles effacées ({id}).").format(id=person.id))
    return 0
