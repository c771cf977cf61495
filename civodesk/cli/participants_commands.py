"""Commands for the registration list and badges: import a CSV, print badges, verify a badge.

Listing, reissuing one badge and erasing a person are in ``participant_records``.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

from civodesk.checkin.views import ScanOutcome
from civodesk.cli.common import add_db_option, fail, open_services, write
from civodesk.cli.common import resolve_meeting as resolve_meeting
from civodesk.cli.participant_records import add_record_actions
from civodesk.documents.badges import LAYOUTS, write_badges_pdf
from civodesk.i18n import _
from civodesk.participants.column_mapping import field_label
from civodesk.participants.csv_reading import ENCODINGS, codec_for, encoding_label
from civodesk.participants.import_preview import ImportPreview, match_label

MAX_ERRORS_SHOWN = 50
SEPARATOR_NAMES = {"semicolon": ";", "comma": ",", "tab": "\t"}


def register(subparsers: Any) -> None:
    participants = subparsers.add_parser(
        "participants",
        help=_("liste d'inscription : import CSV, liste, badge perdu, effacement (RGPD)"),
        description=_("Gère la liste d'inscription d'une réunion."),
    )
    actions = participants.add_subparsers(dest="participants_command", metavar="ACTION")
    actions.required = True
    importer = actions.add_parser(
        "import",
        help=_("importe une liste d'inscription CSV (ou une liste mise à jour)"),
        description=_(
            "Importe une liste CSV exportée d'Excel (Windows), de LibreOffice ou de Google Sheets "
            "(séparateur « ; », « , » ou tabulation ; en-têtes en français ou en anglais : Nom, "
            "Prénom, Courriel, Téléphone, Commune, Quartier, Tranche d'âge, Consentement…). Une "
            "liste mise à jour peut être importée par-dessus la liste existante : chaque personne "
            "est retrouvée par son courriel, ou à défaut par son nom et sa commune, et l'aperçu "
            "compte les nouvelles, modifiées, inchangées et en erreur. Un fichier mal formé "
            "(guillemet non fermé, encodage mélangé) est refusé avec le numéro de ligne. Au "
            "moindre problème, rien n'est importé (code de sortie 1), sauf avec --skip-errors. "
            "Le consentement n'est jamais supposé : sans colonne Consentement ni --consent, les "
            "personnes sont inscrites sans consentement et leurs courriel et téléphone ne sont "
            "pas conservés."
        ),
    )
    add_db_option(importer, suppress_default=True)
    _add_meeting_option(importer)
    importer.add_argument("file", type=Path, metavar="FICHIER.csv", help=_("la liste à importer"))
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help=_("vérifie et affiche l'aperçu sans rien importer"),
    )
    importer.add_argument(
        "--encoding",
        choices=sorted(ENCODINGS),
        help=_(
            "force l'encodage au lieu de le deviner : windows = Excel sous Windows (« CSV "
            "séparateur point-virgule ») ; utf-8 = LibreOffice, Google Sheets, Excel « CSV "
            "UTF-8 » ; utf-16 = Excel « Texte Unicode »"
        ),
    )
    importer.add_argument(
        "--separator",
        choices=sorted(SEPARATOR_NAMES),
        help=_("force le séparateur au lieu de le deviner"),
    )
    importer.add_argument(
        "--consent",
        default="",
        metavar=_("FINALITÉ"),
        help=_(
            "déclare que toutes les personnes de la liste ont consenti à cette finalité (RGPD), "
            "par exemple « l'émargement et le compte-rendu de la réunion » ; une colonne "
            "Consentement du fichier décide ligne par ligne"
        ),
    )
    importer.add_argument(
        "--skip-errors",
        action="store_true",
        help=_("importe les autres lignes en laissant de côté celles en erreur"),
    )
    importer.set_defaults(handler=import_participants)
    add_record_actions(actions, _add_meeting_option)

    badges = subparsers.add_parser(
        "badges",
        help=_("imprime les badges en PDF"),
        description=_(
            "Émet un badge signé pour chaque inscrit qui n'en a pas encore, puis écrit le PDF : "
            "une planche A4 de 8 badges à découper (sheet) ou une invitation par page "
            "(invitation). Chaque badge porte le nom, le QR code et le code manuel à 8 caractères."
        ),
    )
    add_db_option(badges, suppress_default=True)
    _add_meeting_option(badges)
    badges.add_argument("--out", type=Path, required=True, metavar="FICHIER.pdf")
    badges.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="sheet",
        help=_("sheet : planche de badges (par défaut) ; invitation : une convocation par page"),
    )
    badges.set_defaults(handler=print_badges)

    verify = subparsers.add_parser(
        "verify-badge",
        help=_("vérifie un badge hors ligne"),
        description=_(
            "Vérifie la signature d'un badge (contenu du QR code) ou un code manuel avec les clés "
            "des postes de la réunion, sans enregistrer d'entrée. Affiche le nom et sort avec le "
            "code 0 si le badge est valide ; affiche la raison et sort avec le code 1 sinon."
        ),
    )
    add_db_option(verify, suppress_default=True)
    _add_meeting_option(verify)
    verify.add_argument("payload", metavar="CONTENU", help=_("le texte lu dans le QR code"))
    verify.set_defaults(handler=verify_badge)


def _add_meeting_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help=_("identifiant de la réunion (voir « civodesk meetings ») ou son début unique"),
    )


def import_participants(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    data = args.file.read_bytes()
    separator = SEPARATOR_NAMES.get(args.separator or "")
    preview = services.participants.preview_import(
        meeting_id,
        data,
        encoding=codec_for(args.encoding) if args.encoding else None,
        separator=separator,
        consent_purpose=args.consent,
    )
    print_preview(preview)
    if preview.importable and not (preview.new_rows or preview.changed_rows):
        print(_("Rien à importer : la liste est déjà à jour."))
        return 0
    ready = preview.importable_skipping_errors() if args.skip_errors else preview.importable
    if not ready:
        if preview.importable_skipping_errors():
            print(
                _("Rien n'a été importé. Corrigez le fichier, ou ajoutez --skip-errors."),
                file=sys.stderr,
            )
        else:
            print(_("Rien n'a été importé. Corrigez le fichier puis recommencez."), file=sys.stderr)
        return 1
    if args.dry_run:
        print(_("Vérification seule (--dry-run) : rien n'a été importé."))
        return 0
    write(
        partial(services.participants.import_preview, skip_errors=args.skip_errors),
        meeting_id,
        preview,
    )
    print(
        _("Import terminé : {new} inscrits, {changed} mis à jour.").format(
            new=len(preview.new_rows), changed=len(preview.changed_rows)
        )
    )
    return 0


def print_preview(preview: ImportPreview) -> None:
    if preview.encoding:
        separator = "tab" if preview.separator == "\t" else preview.separator
        print(
            _("Fichier lu en {encoding}, séparateur « {separator} », {rows} lignes.").format(
                encoding=encoding_label(preview.encoding),
                separator=separator,
                rows=len(preview.rows),
            )
        )
        for index, header in enumerate(preview.headers):
            field = preview.mapping.get(index)
            target = field_label(field) if field else _("(ignorée)")
            print(f"  {header or '—'} → {target}")
        if preview.rows:
            print(
                _(
                    "Nouvelles : {new}, modifiées : {changed}, inchangées : {unchanged}, en "
                    "erreur : {errors} (personnes retrouvées par courriel, ou par nom et commune)."
                ).format(
                    new=len(preview.new_rows),
                    changed=len(preview.changed_rows),
                    unchanged=len(preview.unchanged_rows),
                    errors=len(preview.error_rows),
                )
            )
    for row in preview.changed_rows[:MAX_ERRORS_SHOWN]:
        print(
            _("Ligne {line} (retrouvée par {key}) : {changes}").format(
                line=row.line,
                key=match_label(row.matched_by),
                changes=", ".join(sorted(row.changes)),
            )
        )
    for problem in preview.file_errors:
        print(_("Erreur : {message}").format(message=problem), file=sys.stderr)
    errors = preview.error_rows
    for row in errors[:MAX_ERRORS_SHOWN]:
        print(
            _("Ligne {line} : {message}").format(line=row.line, message=" ".join(row.errors)),
            file=sys.stderr,
        )
    if len(errors) > MAX_ERRORS_SHOWN:
        print(
            _("… et {count} autres lignes en erreur.").format(count=len(errors) - MAX_ERRORS_SHOWN),
            file=sys.stderr,
        )


def print_badges(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    meeting = services.meetings.get_meeting(meeting_id)
    if not meeting.is_read_only:
        issued = write(services.checkin.issue_badges, meeting_id).event_count
        if issued:
            print(_("{count} nouveaux badges émis.").format(count=issued))
    badges = services.checkin.list_badges(meeting_id)
    if not badges:
        return fail(_("aucun participant inscrit : importez d'abord la liste."))
    pages = write_badges_pdf(args.out, meeting, badges, args.layout)
    print(
        _("{count} badges sur {pages} pages : {path}").format(
            count=len(badges), pages=pages, path=args.out
        )
    )
    return 0


def verify_badge(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    result = services.checkin.verify(meeting_id, args.payload)
    if result.outcome == ScanOutcome.ACCEPTED:
        print(result.display_name or _("Badge valide (nom effacé)."))
        return 0
    print(result.message)
    return 1
