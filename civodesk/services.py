"""Services: what the UI and the command line call. They return plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from civodesk.changes import ChangeSet, Command
from civodesk.checkin.service import CheckinService
from civodesk.clock import Clock, SystemClock
from civodesk.conflicts.service import ConflictService
from civodesk.db.database import Database
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.naming import DeskNameService
from civodesk.facilitation.service import FacilitationService
from civodesk.features import registry as default_registry
from civodesk.ideas.service import IdeaService
from civodesk.journal.handlers import HandlerRegistry
from civodesk.journal.maintenance import JournalService
from civodesk.journal.store import Journal
from civodesk.meetings.service import MeetingService
from civodesk.participants.service import ParticipantService
from civodesk.privacy.service import PrivacyService
from civodesk.projector.service import ProjectorService
from civodesk.voting.service import VoteService


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
    privacy: PrivacyService
    votes: VoteService
    facilitation: FacilitationService
    projector: ProjectorService
    desk: DeskNameService

    def execute(self, command: Command) -> ChangeSet:
        """Run an undo/redo command: each kind of command knows the service that carries it out."""
        return command.run(self)


def build_services(
    database: Database,
    device: DeviceIdentity,
    clock: Clock | None = None,
    registry: HandlerRegistry = default_registry,
) -> Services:
    journal = Journal(device, clock or SystemClock(), registry)
    checkin = CheckinService(database, journal)
    return Services(
        database=database,
        device=device,
        journal=journal,
        meetings=MeetingService(database, journal),
        participants=ParticipantService(database, journal),
        ideas=IdeaService(database, journal),
        conflicts=ConflictService(database, journal),
        journal_tools=JournalService(database, journal),
        checkin=checkin,
        privacy=PrivacyService(database, journal),
        votes=VoteService(database, journal, checkin),
        facilitation=FacilitationService(database, journal),
        projector=ProjectorService(database, journal.device.device_id),
        desk=DeskNameService(database, journal),
    )
