"""Services: what the UI and the command line call. They return plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from civodesk.clock import Clock, SystemClock
from civodesk.db.database import Database
from civodesk.device import DeviceIdentity
from civodesk.journal.projection import ProjectionRegistry
from civodesk.journal.store import Journal
from civodesk.projections import registry as default_registry
from civodesk.services.changes import ChangeSet, Command, SetParticipantFields
from civodesk.services.checkin import CheckinService
from civodesk.services.conflicts import ConflictService
from civodesk.services.ideas import IdeaService
from civodesk.services.journal_tools import JournalService
from civodesk.services.meetings import MeetingService
from civodesk.services.participants import ParticipantService


@dataclass(frozen=True)
class Services:
    """Everything bound to one open database and this device; wired once by the app or CLI."""

    database: Database
    device: DeviceIdentity
    journal: Journal
    meetings: MeetingService
    participants: ParticipantService
    ideas: IdeaService
    conflicts: ConflictService
    journal_tools: JournalService
    checkin: CheckinService

    def execute(self, command: Command) -> ChangeSet:
        """Run an undo/redo command through the service that owns it."""
        if isinstance(command, SetParticipantFields):
            return self.participants.execute(command)
        return self.meetings.execute(command)


def build_services(
    database: Database,
    device: DeviceIdentity,
    clock: Clock | None = None,
    registry: ProjectionRegistry = default_registry,
) -> Services:
    journal = Journal(device, clock or SystemClock(), registry)
    return Services(
        database=database,
        device=device,
        journal=journal,
        meetings=MeetingService(database, journal),
        participants=ParticipantService(database, journal),
        ideas=IdeaService(database, journal),
        conflicts=ConflictService(database, journal),
        journal_tools=JournalService(database, journal),
        checkin=CheckinService(database, journal),
    )
