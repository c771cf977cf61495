"""Projectors for every event type. Importing this package fills ``journal.projection.registry``."""

from civodesk.journal.projection import registry
from civodesk.projections import (
    checkins,
    conflicts,
    devices,
    ideas,
    meetings,
    participants,
    personal_data,
    schemas,
)

__all__ = [
    "checkins",
    "conflicts",
    "devices",
    "ideas",
    "meetings",
    "participants",
    "personal_data",
    "registry",
    "schemas",
]
