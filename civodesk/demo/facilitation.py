"""The demo meeting's wall and minutes: ideas grouped by theme, supports, merged duplicates,
notes and the relevé de décisions, made through the services like a facilitator would."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import timedelta

from civodesk.demo.generator import DemoIdea
from civodesk.facilitation.agenda_run import DecisionFields, DecisionKind
from civodesk.ideas.idea import IDEA_COLOURS, IdeaFields, IdeaSource
from civodesk.services import Services

SUPPORTED_IDEAS = 300
"""Supports are counted idea by idea (one show of hands each): only the first ones get some."""
MERGED_DUPLICATES = 3
COLOURS = tuple(IDEA_COLOURS)

NOTES = (
    "Tour de table rapide : habitants du quartier, commerçants, deux associations de parents.",
    "Les échanges ont porté sur la sécurité des trajets et le calendrier des travaux. Plusieurs "
    "personnes demandent une information plus régulière.",
)
DECISIONS = (
    DecisionFields("Les propositions regroupées seront chiffrées avant la prochaine réunion."),
    DecisionFields(
        "Publier la synthèse des idées sur le site de la commune",
        DecisionKind.ACTION,
        owner="Service communication",
    ),
    DecisionFields(
        "Organiser une visite sur place avec les riverains",
        DecisionKind.ACTION,
        owner="Services techniques",
    ),
)


def add_demo_wall(
    services: Services,
    meeting_id: str,
    ideas: Sequence[DemoIdea],
    idea_ids: Sequence[str],
    rng: random.Random,
) -> None:
    """Clusters named after the themes, supports, a few merged duplicates."""
    by_theme: dict[str, list[str]] = {}
    for idea, idea_id in zip(ideas, idea_ids, strict=True):
        by_theme.setdefault(idea.theme, []).append(idea_id)
    for theme in sorted(by_theme):
        if theme and len(by_theme[theme]) > 1:
            services.ideas.create_cluster(meeting_id, theme, by_theme[theme])
    for idea_id in idea_ids[:SUPPORTED_IDEAS]:
        count = rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 20))
        if count:
            services.ideas.set_support_count(meeting_id, idea_id, count)
    for idea_id in rng.sample(list(idea_ids), min(len(idea_ids) // 4, 12)):
        services.ideas.edit_idea(meeting_id, idea_id, {"colour": rng.choice(COLOURS)})
    for idea, idea_id in list(zip(ideas, idea_ids, strict=True))[:MERGED_DUPLICATES]:
        item = services.ideas.get_ideas(meeting_id, [idea_id])[0]
        duplicate = services.ideas.capture(
            meeting_id,
            IdeaFields(
                _as_postit(idea.text),
                IdeaSource.POSTIT,
                item.agenda_item_id,
                cluster_id=item.cluster_id,
            ),
        ).created_ids[0]
        services.ideas.support(meeting_id, duplicate, rng.randint(1, 4))
        services.ideas.merge(meeting_id, [idea_id, duplicate])


OPENER = re.compile(
    r"^(?:Pourquoi ne pas|Est-il possible d[e']|Je propose d[e']|Ce serait bien d[e']|"
    r"Nous demandons d[e']|Il faudrait)\s*"
)


def _as_postit(text: str) -> str:
    """How the same idea reads on a post-it: no opener, the first words, no final punctuation."""
    words = OPENER.sub("", text).rstrip(" .!?").split()
    short = " ".join(words[:6])
    return short[:1].upper() + short[1:]


def add_demo_minutes(services: Services, meeting_id: str, rng: random.Random) -> None:
    """Notes on the first items, a question, and decisions and actions on an idea item."""
    board = services.facilitation.board(meeting_id)
    items = board.items
    if not items:
        return
    for item, notes in zip(items, NOTES, strict=False):
        services.facilitation.set_notes(meeting_id, item.item_id, notes)
    debated = items[min(2, len(items) - 1)].item_id
    services.facilitation.ask_question(
        meeting_id, debated, "Qu'est-ce qui changerait le plus votre quotidien ?"
    )
    starts = services.meetings.get_meeting(meeting_id).fields.starts_at.date()
    for decision in DECISIONS:
        due = starts + timedelta(days=rng.choice((14, 21, 30))) if decision.owner else None
        services.facilitation.record_decision(
            meeting_id,
            DecisionFields(decision.text, decision.kind, debated, decision.owner, due),
        )
