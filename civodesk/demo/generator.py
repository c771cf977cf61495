"""Deterministic French demo data: one ``random.Random(seed)`` drives every choice.

The texts are composed from parts (a name from two lists, an idea from a theme's proposal, a place
and a reason) so that thousands of rows vary like real registrations and post-its do, while the
same seed always gives the same meeting.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

from civodesk.demo.wordlists import (
    Commune,
    agenda_templates,
    communes,
    first_names,
    idea_places,
    idea_scopes,
    idea_themes,
    last_names,
    projects,
    venues,
)
from civodesk.ideas.idea import IdeaSource
from civodesk.meetings.meeting import AgendaItemFields, MeetingFields
from civodesk.participants.participant import ParticipantFields

MEETING_KINDS = (
    "Réunion publique",
    "Atelier participatif",
    "Concertation publique",
    "Forum citoyen",
    "Réunion d'information et d'échange",
)
AGE_BRACKETS = (
    ("moins de 18 ans", 4),
    ("18-24 ans", 9),
    ("25-39 ans", 22),
    ("40-54 ans", 25),
    ("55-64 ans", 18),
    ("65-74 ans", 15),
    ("75 ans et plus", 7),
)
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
FIRST_DEMO_DAY = date(2026, 9, 7)
"""The first possible day when no day is given (benchmarks and word-list tests)."""
DEMO_PERIOD_DAYS = 14
"""``civodesk demo`` plans the meeting within two weeks of today: its badges admit at once."""
VOWELS = frozenset("AEIOUYÉÈÊÎÔÂaeiouyéèêîôâ")


@dataclass(frozen=True)
class DemoIdea:
    text: str
    source: IdeaSource
    agenda_index: int | None
    """Index in the meeting's agenda of the item the idea was noted under, if any."""
    theme: str = ""
    """The theme the idea was drawn from (the demo groups ideas by theme on the wall)."""


@dataclass(frozen=True)
class DemoMeetingPlan:
    fields: MeetingFields
    agenda: tuple[AgendaItemFields, ...]
    idea_item_indexes: tuple[int, ...]
    """Agenda items where ideas are collected (questions, workshops, debate)."""
    host: Commune


def with_de(name: str) -> str:
    """``de`` before a place name, French style: d'Ajaccio, du Tampon, des Abymes, de Gap."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[0] in VOWELS:
        return "d'" + name
    return "de " + name


def elide_de(phrase: str) -> str:
    """``de`` followed by an infinitive phrase: « d'installer », « de créer »."""
    return ("d'" if phrase[0] in VOWELS else "de ") + phrase


def paris_offset(day: date) -> timedelta:
    """Legal time in metropolitan France: UTC+2 from the last Sunday of March to that of October."""

    def last_sunday(month: int) -> date:
        last = date(day.year, month, 31)
        return last - timedelta(days=(last.weekday() + 1) % 7)

    summer = last_sunday(3) <= day < last_sunday(10)
    return timedelta(hours=2 if summer else 1)


def _local_zone(commune: Commune, day: date) -> timezone:
    return timezone(commune.utc_offset if commune.utc_offset is not None else paris_offset(day))


def _person_name(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(first_names())
    last = rng.choice(last_names())
    if rng.random() < 0.07:  # double-barrelled surname, as many registrations have
        other = rng.choice(last_names())
        if other != last and " " not in last + other:
            last = f"{last}-{other}"
    return first, last


@cache  # names repeat a lot among 20,000 people
def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower().replace(" ", "-") if ch.isalnum() or ch in "-")


def _email(rng: random.Random, first: str, last: str) -> str:
    first_slug, last_slug = _ascii_slug(first), _ascii_slug(last)
    local = rng.choice(
        (
            f"{first_slug}.{last_slug}",
            f"{first_slug[0]}.{last_slug}",
            f"{first_slug}.{last_slug}{rng.randint(1, 99)}",
            f"{last_slug}.{first_slug}",
            f"{first_slug}{last_slug[:1]}{rng.randint(60, 99)}",
        )
    )
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def _phone(rng: random.Random) -> str:
    """A fictitious mobile number, always starting 06 00 so it is recognisable as demo data."""
    digits = [rng.randint(0, 99) for _pair in range(3)]
    return "06 00 " + " ".join(f"{pair:02d}" for pair in digits)


def fill_places(text: str, rng: random.Random, commune: Commune) -> str:
    return text.replace("{quartier}", rng.choice(commune.neighbourhoods))


def plan_meeting(rng: random.Random, first_day: date = FIRST_DEMO_DAY) -> DemoMeetingPlan:
    """The meeting: a project, a host commune, a venue, a date from ``first_day`` on,
    facilitators and an agenda."""
    host = rng.choice(communes())
    project = rng.choice(projects())
    if project.title.startswith("Conseil de quartier"):
        title = f"{project.title} — {rng.choice(host.neighbourhoods)}"
    else:
        title = f"{rng.choice(MEETING_KINDS)} — {project.title}"
    organization = rng.choice(
        (f"Ville {with_de(host.name)}", f"Commune {with_de(host.name)}", host.intercommunality)
    )
    place = f"{fill_places(rng.choice(venues()), rng, host)}, {host.name}"

    templates = agenda_templates()
    middle = [item for item in templates if item.moment == "milieu"]
    chosen = set(rng.sample(range(len(middle)), rng.randint(3, 5)))
    if not any(middle[i].collects_ideas for i in chosen):  # every demo meeting gathers ideas
        chosen.remove(rng.choice(sorted(chosen)))
        chosen.add(rng.choice([i for i, item in enumerate(middle) if item.collects_ideas]))
    items = [
        *(t for t in templates if t.moment == "debut"),
        *(middle[i] for i in sorted(chosen)),
        *(t for t in templates if t.moment == "fin"),
    ]
    agenda = tuple(AgendaItemFields(item.title, item.minutes) for item in items)
    idea_indexes = tuple(i for i, item in enumerate(items) if item.collects_ideas)

    day = first_day + timedelta(days=rng.randrange(DEMO_PERIOD_DAYS))
    if day.weekday() == 6:  # public meetings are not held on Sundays (never before first_day)
        day += timedelta(days=1)
    if day.weekday() == 5:  # Saturday: a morning workshop
        clock = rng.choice((time(9, 30), time(10, 0)))
    else:
        clock = rng.choice((time(18, 0), time(18, 30), time(19, 0)))
    starts_at = datetime.combine(day, clock, tzinfo=_local_zone(host, day))
    planned = sum(item.duration_minutes for item in agenda)
    ends_at = starts_at + timedelta(minutes=15 * -(-planned // 15))

    facilitators = tuple(" ".join(_person_name(rng)) for _facilitator in range(rng.randint(2, 3)))
    quorum = rng.choice((25.0, 33.0, 50.0)) if rng.random() < 0.35 else None
    fields = MeetingFields(
        title=title,
        organization=organization,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        facilitators=facilitators,
        description=project.description,
        quorum_percent=quorum,
    )
    return DemoMeetingPlan(fields, agenda, idea_indexes, host)


def generate_participants(rng: random.Random, host: Commune, count: int) -> list[ParticipantFields]:
    """People mostly from the host commune, some from its territory, a few from elsewhere."""
    neighbours = [c for c in communes() if c.territory == host.territory and c != host] or [host]
    everywhere = communes()
    brackets = [label for label, _weight in AGE_BRACKETS]
    weights = [weight for _label, weight in AGE_BRACKETS]
    people = []
    for _person in range(count):
        first, last = _person_name(rng)
        draw = rng.random()
        commune = host if draw < 0.65 else rng.choice(neighbours if draw < 0.95 else everywhere)
        people.append(
            ParticipantFields(
                first_name=first,
                last_name=last,
                email=_email(rng, first, last) if rng.random() < 0.7 else "",
                phone=_phone(rng) if rng.random() < 0.55 else "",
                commune=commune.name,
                neighbourhood=rng.choice(commune.neighbourhoods) if rng.random() < 0.9 else "",
                age_bracket=rng.choices(brackets, weights)[0] if rng.random() < 0.85 else "",
            )
        )
    return people


def compose_idea(rng: random.Random, host: Commune, agenda_indexes: Sequence[int]) -> DemoIdea:
    """An idea from the floor (a full sentence) or a post-it (a short phrase)."""
    theme = rng.choice(idea_themes())
    proposal = rng.choice(theme.located + theme.general)
    settings = idea_places() if proposal in theme.located else idea_scopes()
    where = fill_places(rng.choice(settings), rng, host)
    agenda_index = rng.choice(agenda_indexes) if agenda_indexes and rng.random() < 0.8 else None
    if rng.random() < 0.25:
        text = f"{proposal[0].upper()}{proposal[1:]} {where}{rng.choice(('', '', ' !'))}"
        return DemoIdea(text, IdeaSource.POSTIT, agenda_index, theme.name)
    phrase = f"{proposal} {where}"
    if rng.random() < 0.8:
        phrase = f"{phrase} {rng.choice(theme.reasons)}"
    opener = rng.randrange(8)
    if opener == 0:
        text = f"Pourquoi ne pas {phrase} ?"
    elif opener == 1:
        text = f"Est-il possible {elide_de(phrase)} ?"
    elif opener == 2:
        text = f"Je propose {elide_de(phrase)}."
    elif opener == 3:
        text = f"Ce serait bien {elide_de(phrase)}."
    elif opener == 4:
        text = f"Nous demandons {elide_de(phrase)}."
    elif opener == 5:
        text = f"Il faudrait {phrase}."
    else:
        text = f"{phrase[0].upper()}{phrase[1:]}."
    return DemoIdea(text, IdeaSource.FLOOR, agenda_index, theme.name)


def generate_ideas(
    rng: random.Random, host: Commune, agenda_indexes: Sequence[int], count: int
) -> list[DemoIdea]:
    return [compose_idea(rng, host, agenda_indexes) for _idea in range(count)]
