"""What the sync benchmarks share: a desk holding a demo meeting of about 5,000 events, and a
live server behind a (possibly throttled and faulty) proxy on loopback."""

from __future__ import annotations

import random
from pathlib import Path

from civodesk.clock import ManualClock
from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import iter_events
from civodesk.services import Services, build_services
from sync.client import state

PARTICIPANTS = 1500
IDEAS = 400
CHECKED_IN = 1400


def demo_desk(directory: Path) -> tuple[Services, str]:
    """A desk with a demo meeting (registrations, badges, ideas) and check-ins seconds apart."""
    clock = ManualClock(1_764_150_000_000)
    services = build_services(
        open_database(directory / "desk.db"), DeviceIdentity.generate("bench-desk"), clock
    )
    meeting_id = create_demo_meeting(services, participants=PARTICIPANTS, ideas=IDEAS, seed=4)
    rng = random.Random(4)
    people = services.participants.list_participants(meeting_id)
    for person in rng.sample(people, CHECKED_IN):
        clock.advance(rng.randrange(500, 20_000))
        services.checkin.check_in(meeting_id, person.id)
    return services, meeting_id


def journal(services: Services) -> list[JournalEvent]:
    with services.database.read() as conn:
        return list(iter_events(conn))


def point_at(services: Services, url: str) -> None:
    """Keep the enrollment (token) but reach the server through ``url`` (the proxy)."""
    with services.database.write() as conn:
        enrollment = state.load_enrollment(conn)
        assert enrollment is not None
        conn.execute(state.enrollment_table.update().values(server_url=url))
