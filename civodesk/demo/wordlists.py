"""The demo's French source lists, read once from ``civodesk/demo/data/*.txt``.

Kept as text files so they can grow without touching code; ``#`` starts a comment line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class Commune:
    name: str
    territory: str
    utc_offset: timedelta | None
    """Fixed offset overseas; ``None`` for metropolitan France (Paris legal time, with DST)."""
    intercommunality: str
    neighbourhoods: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    title: str
    description: str


@dataclass(frozen=True)
class AgendaTemplate:
    moment: str  # "debut", "milieu" or "fin"
    minutes: int
    title: str
    collects_ideas: bool


@dataclass(frozen=True)
class IdeaTheme:
    name: str
    located: tuple[str, ...]
    """Proposals that happen somewhere: a place is added (« près de l'école »)."""
    general: tuple[str, ...]
    """Proposals for the whole commune: a scope is added (« dès l'année prochaine »)."""
    reasons: tuple[str, ...]


def _lines(name: str) -> list[str]:
    text = files("civodesk.demo").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _offset(text: str) -> timedelta | None:
    if text == "Europe":
        return None
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text.lstrip("+-").split(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


@cache
def first_names() -> tuple[str, ...]:
    return tuple(_lines("first_names.txt"))


@cache
def last_names() -> tuple[str, ...]:
    return tuple(_lines("last_names.txt"))


@cache
def communes() -> tuple[Commune, ...]:
    result = []
    for line in _lines("communes.txt"):
        name, territory, offset, intercommunality, neighbourhoods = line.split(";")
        result.append(
            Commune(
                name, territory, _offset(offset), intercommunality, tuple(neighbourhoods.split(","))
            )
        )
    return tuple(result)


@cache
def projects() -> tuple[Project, ...]:
    return tuple(Project(*line.split(";", 1)) for line in _lines("projects.txt"))


@cache
def agenda_templates() -> tuple[AgendaTemplate, ...]:
    result = []
    for line in _lines("agenda.txt"):
        moment, minutes, title, ideas = line.split(";")
        result.append(AgendaTemplate(moment, int(minutes), title, bool(ideas)))
    return tuple(result)


@cache
def venues() -> tuple[str, ...]:
    return tuple(_lines("venues.txt"))


@cache
def idea_places() -> tuple[str, ...]:
    return tuple(_lines("idea_places.txt"))


@cache
def idea_scopes() -> tuple[str, ...]:
    return tuple(_lines("idea_scopes.txt"))


@cache
def idea_themes() -> tuple[IdeaTheme, ...]:
    themes: list[IdeaTheme] = []
    name = ""
    parts: dict[str, list[str]] = {"+ ": [], "* ": [], "> ": []}
    for line in [*_lines("ideas.txt"), "[]"]:
        if line.startswith("["):
            if name:
                themes.append(
                    IdeaTheme(name, tuple(parts["+ "]), tuple(parts["* "]), tuple(parts["> "]))
                )
            name, parts = line.strip("[]"), {"+ ": [], "* ": [], "> ": []}
        elif line[:2] in parts:
            parts[line[:2]].append(line[2:])
    return tuple(themes)
