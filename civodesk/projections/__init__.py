"""Projectors for every event type. Importing this package fills ``journal.projection.registry``."""

from civodesk.journal.projection import registry
from civodesk.projections import conflicts, devices, ideas, meetings, participants

__all__ = ["conflicts", "devices", "ideas", "meetings", "participants", "registry"]
