"""``civodesk votes``: the votes of a meeting with their results; ``vote-ballots``: paper ballots."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from civodesk.cli.common import add_db_option, count_argument, fail, open_services
from civodesk.cli.participants_commands import resolve_meeting
from civodesk.i18n import _, ngettext
from civodesk.voting.paper_ballots import write_paper_ballots
from civodesk.voting.vote import VoteOutcome, VoteStatus, method_label

MAX_BALLOTS = 5000


def register(subparsers: Any) -> None:
    votes = subparsers.add_parser(
        "votes",
        help=_("liste les votes d'une réunion et leurs résultats"),
        description=_(
            "Liste les votes d'une réunion : question, méthode, état, participation, résultat "
            "et explication du décompte (en cours pour un vote ouvert). Ne modifie pas la réunion."
        ),
    )
    add_db_option(votes, suppress_default=True)
    _meeting_option(votes)
    votes.add_argument("--json", action="store_true", help=_("sortie JSON (pour les scripts)"))
    votes.set_defaults(handler=list_votes)

    ballots = subparsers.add_parser(
        "vote-ballots",
        help=_("imprime les bulletins papier d'un vote en PDF"),
        description=_(
            "Écrit les bulletins papier d'un vote, deux par page quand ils tiennent, avec la "
            "grille des mentions pour un jugement majoritaire. Ne modifie pas la réunion."
        ),
    )
    add_db_option(ballots, suppress_default=True)
    _meeting_option(ballots)
    ballots.add_argument("--vote", required=True, metavar="ID", help=_("identifiant du vote"))
    ballots.add_argument(
        "--count",
        type=count_argument(MAX_BALLOTS),
        default=None,
        metavar="N",
        help=_("nombre de bulletins (par défaut : un par inscrit)"),
    )
    ballots.add_argument(
        "--out", type=Path, required=True, metavar="FICHIER.pdf", help=_("le PDF à écrire")
    )
    ballots.set_defaults(handler=print_ballots)


def _meeting_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help=_("identifiant de la réunion (voir « civodesk meetings ») ou son début unique"),
    )


def status_label(status: VoteStatus) -> str:
    return {
        VoteStatus.DRAFT: _("en préparation"),
        VoteStatus.OPEN: _("ouvert"),
        VoteStatus.CLOSED: _("clos"),
    }[status]


def outcome_as_json(outcome: VoteOutcome) -> dict[str, Any]:
    vote = outcome.vote
    return {
        "id": vote.id,
        "question": vote.question,
        "method": vote.method,
        "secret": vote.secret,
        "status": vote.status.value,
        "revealed": vote.revealed,
        "voters": outcome.marks,
        "attendance": outcome.snapshot.to_dict(),
        "result": outcome.result.to_dict(),
        "named": [
            {"participant_id": n.participant_id, "name": n.name, "choice": n.choice}
            for n in outcome.named
        ],
        "double_votes": [
            {"participant_id": d.participant_id, "name": d.name, "reviewed": d.reviewed}
            for d in outcome.doubles
        ],
    }


def list_votes(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    outcomes = services.votes.outcomes(meeting_id)
    if args.json:
        print(json.dumps([outcome_as_json(o) for o in outcomes], ensure_ascii=False, indent=2))
        return 0
    print_outcomes(outcomes)
    return 0


def print_outcomes(outcomes: Sequence[VoteOutcome]) -> None:
    """The votes and their results as text (also ``civodesk-server votes``)."""
    if not outcomes:
        print(_("Aucun vote dans cette réunion."))
        return
    for outcome in outcomes:
        vote = outcome.vote
        secrecy = _("secret") if vote.secret else _("nominatif")
        print(f"{vote.id}  {vote.question}")
        print(
            "  "
            + _("{method}, {secrecy}, {status}").format(
                method=method_label(vote.method), secrecy=secrecy, status=status_label(vote.status)
            )
        )
        if vote.status is VoteStatus.DRAFT:
            print()
            continue
        if outcome.live:
            print("  " + _("Décompte en cours :"))
        for line in outcome.result.explanation.splitlines():
            print("  " + line)
        for named in outcome.named:
            print("    " + _("{name} : {choice}").format(name=named.name, choice=named.choice))
        if outcome.doubles:
            print(
                "  "
                + ngettext(
                    "{count} personne a voté sur deux postes : à examiner.",
                    "{count} personnes ont voté sur deux postes : à examiner.",
                    len(outcome.doubles),
                ).format(count=len(outcome.doubles))
            )
        print()


def print_ballots(args: argparse.Namespace) -> int:
    services = open_services(args)
    meeting_id = resolve_meeting(services, args.meeting)
    votes = [vote for vote in services.votes.list_votes(meeting_id) if vote.id == args.vote]
    if not votes:
        return fail(_("Vote introuvable dans cette réunion : {id}").format(id=args.vote))
    meeting = services.meetings.get_meeting(meeting_id)
    count = args.count or max(1, len(services.participants.list_participants(meeting_id)))
    pages = write_paper_ballots(
        args.out, votes[0], meeting.fields.title, count, meeting.fields.starts_at
    )
    print(
        ngettext(
            "{count} bulletin ({pages} p.) : {path}",
            "{count} bulletins ({pages} p.) : {path}",
            count,
        ).format(count=count, pages=pages, path=args.out)
    )
    return 0
