"""Realistic meeting journals for sync tests: a desk with registrations, ideas and edits."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from civodesk.clock import ManualClock
from civodesk.db.database import Database, open_database
from civodesk.demo import wordlists
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.store import bind_device
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import iter_events
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services, build_services
from tests.factories import AGENDA, meeting_fields
from tests.identities import remember


@dataclass
class SyncDesk:
    """A desk (database + services) used as the source or target of sync in tests."""

    services: Services
    clock: ManualClock

    @property
    def device_id(self) -> str:
        return self.services.device.device_id

    def events(self, meeting_id: str | None = None) -> list[JournalEvent]:
        with self.services.database.read() as conn:
            return list(iter_events(conn, meeting_id))

    def close(self) -> None:
        self.services.database.close()


def open_sync_desk(path: Path, label: str, start_ms: int = 1_764_150_000_000) -> SyncDesk:
    clock = ManualClock(start_ms)
    database = open_database(path)
    services = build_services(database, _bound(database, label), clock)
    return SyncDesk(services, clock)


CONSENT_PURPOSE = "l'émargement et le compte-rendu de la réunion"
"""What the people of these journals consented to: they come with e-mails and phones."""


def people(count: int, rng: random.Random) -> list[ParticipantFields]:
    firsts, lasts = wordlists.first_names(), wordlists.last_names()
    communes = wordlists.communes()
    brackets = ("18-25", "26-40", "41-60", "61-75", "76+")
    result = []
    for _index in range(count):
        first, last = rng.choice(firsts), rng.choice(lasts)
        commune = rng.choice(communes)
        result.append(
            ParticipantFields(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@example.fr".lower().replace(" ", ""),
                phone=f"06{rng.randrange(10**8):08d}",
                commune=commune.name,
                neighbourhood=rng.choice(commune.neighbourhoods),
                age_bracket=rng.choice(brackets),
            )
        )
    return result


PROPOSALS = (
    "créer une piste cyclable séparée de la route",
    "installer des bancs à l'ombre",
    "ouvrir la médiathèque le samedi après-midi",
    "planter des arbres fruitiers",
    "éclairer le chemin piéton la nuit",
    "ajouter un ralentisseur devant l'école",
)
PLACES = ("près de l'école", "sur la place du marché", "le long du fleuve", "au bourg")


def ideas(count: int, rng: random.Random) -> list[IdeaFields]:
    result = []
    for _index in range(count):
        text = f"{rng.choice(PROPOSALS)} {rng.choice(PLACES)}"
        result.append(IdeaFields(text=text[:1].upper() + text[1:]))
    return result


def fill_meeting(
    desk: SyncDesk,
    meeting_id: str | None = None,
    participants: int = 20,
    idea_count: int = 10,
    seed: int = 1,
) -> str:
    """Create (or extend) a meeting with registrations and ideas; returns its id."""
    rng = random.Random(seed)
    services = desk.services
    if meeting_id is None:
        meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    for start in range(0, participants, 200):
        desk.clock.advance(1_000)
        services.participants.register_many(
            meeting_id, people(min(200, participants - start), rng), CONSENT_PURPOSE
        )
    for start in range(0, idea_count, 100):
        desk.clock.advance(1_000)
        services.ideas.capture_many(meeting_id, ideas(min(100, idea_count - start), rng))
    return meeting_id


def _bound(database: Database, label: str) -> DeviceIdentity:
    """A new identity bound to the database, as the application would make it."""
    identity = remember(DeviceIdentity.generate(label))
    bind_device(database, identity)
    return identity
