"""``civodesk ideas``: a meeting's ideas with their clusters and supports, for people and scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any

from civodesk.cli.common import add_db_option, open_services
from civodesk.cli.participants_commands import resolve_meeting
from civodesk.i18n import _
from civodesk.ideas.idea import IdeaFilter, IdeaView, IdeaWall


def register(subparsers: Any) -> None:
    ideas = subparsers.add_parser(
        "ideas",
        help=_("liste les idées d'une réunion, par groupe, avec leurs soutiens"),
        description=_(
            "Liste les idées d'une réunion groupe par groupe (dans l'ordre du mur), puis celles "
            "qui ne sont dans aucun groupe, avec leurs soutiens. Une idée fusionnée montre les "
            "idées d'origine qu'elle réunit. Les idées retirées ne sont listées qu'avec "
            "--withdrawn."
        ),
    )
    add_db_option(ideas, suppress_default=True)
    ideas.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help=_("identifiant de la réunion (voir « civodesk meetings ») ou son début unique"),
    )
    ideas.add_argument(
        "--json",
        action="store_true",
        help=_(
            "sortie JSON : une liste de groupes (id, name, ideas), le dernier sans id pour les "
            "idées non groupées ; chaque idée avec text, supports, tags, colour, author (null si "
            "anonyme), withdrawn et merged_from"
        ),
    )
    ideas.add_argument("--withdrawn", action="store_true", help=_("inclut les idées retirées"))
    ideas.set_defaults(handler=list_ideas)


def idea_as_json(idea: IdeaView, wall: IdeaWall) -> dict[str, Any]:
    return {
        "id": idea.id,
        "text": idea.text,
        "supports": idea.supports,
        "tags": list(idea.tags),
        "colour": idea.colour,
        "author": idea.author_name,
        "source": idea.source.value,
        "agenda_item_id": idea.agenda_item_id,
        "withdrawn": idea.withdrawn,
        "merged_from": [
            {"id": original.id, "text": original.text, "supports": original.own_supports}
            for original in wall.originals.get(idea.id, ())
        ],
    }


def wall_as_json(wall: IdeaWall) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = [
        {
            "id": cluster.id,
            "name": cluster.name,
            "ideas": [idea_as_json(idea, wall) for idea in wall.in_cluster(cluster.id)],
        }
        for cluster in wall.clusters
    ]
    loose = wall.in_cluster(None)
    if loose:
        groups.append({"id": None, "name": None, "ideas": [idea_as_json(i, wall) for i in loose]})
    return groups


def list_ideas(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        meeting_id = resolve_meeting(services, args.meeting)
        wall = services.ideas.wall(meeting_id, IdeaFilter(include_withdrawn=args.withdrawn))
    finally:
        services.database.close()
    groups = wall_as_json(wall)
    if args.json:
        print(json.dumps(groups, ensure_ascii=False, indent=2))
        return 0
    if not wall.ideas:
        print(_("Aucune idée dans cette réunion."))
        return 0
    for group in groups:
        print(group["name"] or _("Sans groupe"))
        for idea in group["ideas"]:
            marks = [f"+{idea['supports']}"]
            if idea["withdrawn"]:
                marks.append(_("retirée"))
            if idea["tags"]:
                marks.append(" ".join(f"#{tag}" for tag in idea["tags"]))
            print(f"  - {' '.join(idea['text'].split())}  ({', '.join(marks)})")
            for original in idea["merged_from"]:
                print(
                    "      "
                    + _("fusionne : {text} (+{supports})").format(
                        text=" ".join(original["text"].split()), supports=original["supports"]
                    )
                )
        print()
    return 0
