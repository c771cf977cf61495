"""Small builders for test data."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from civodesk.meetings.meeting import AgendaItemFields, MeetingFields

PARIS = ZoneInfo("Europe/Paris")


def meeting_fields(**overrides: object) -> MeetingFields:
    start = datetime(2026, 12, 3, 18, 30, tzinfo=PARIS)
    values: dict[str, object] = {
        "title": "Réunion publique : réaménagement de la place du Marché",
        "organization": "Commune de Saint-Laurent-du-Maroni",
        "place": "Salle des fêtes",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "facilitators": ("Awa Diallo", "Marc Lefèvre"),
        "description": "Présentation du projet et recueil des avis.",
        "quorum_percent": None,
    }
    values.update(overrides)
    return MeetingFields(**values)  # type: ignore[arg-type]


AGENDA = (
    AgendaItemFields("Accueil et présentation", 10),
    AgendaItemFields("Diagnostic partagé", 30),
    AgendaItemFields("Ateliers en petits groupes", 45),
)
