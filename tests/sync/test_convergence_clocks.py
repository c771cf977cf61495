"""Device clocks off by hours or days: nothing is lost, cursors still work, desks converge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.participants.participant import ParticipantFields
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, loose_settings, make_desk

DAY = 86_400_000
HOUR = 3_600_000
NOW = 1_764_150_000_000


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(server_database_url)).start()
    yield live
    live.close()


def test_skewed_clocks_lose_nothing_and_cursors_still_work(
    tmp_path: Path, server: LiveServer
) -> None:
    org = server.new_organization("Commune de Maripasoula")
    skews = {
        "late-3-days": -3 * DAY,
        "on-time": 0,
        "ahead-9-hours": 9 * HOUR,
        "ahead-40-days": 40 * DAY,
    }
    desks = {label: make_desk(tmp_path, label, NOW + skew) for label, skew in skews.items()}
    for desk in desks.values():
        desk.enroll(server.url, server.enroll_code(org))
    meeting_id = desks["on-time"].services.meetings.create_meeting(meeting_fields()).meeting_id
    assert desks["on-time"].sync().ok
    for label, desk in desks.items():
        if label != "on-time":
            desk.join(meeting_id)
        assert desk.sync().ok

    # Several rounds: each desk writes, then syncs, in an order unrelated to its clock.
    for round_number in range(3):
        for label in ("ahead-40-days", "late-3-days", "on-time", "ahead-9-hours"):
            desk = desks[label]
            desk.clock.advance(5 * 60_000)
            desk.services.participants.register_many(
                meeting_id, [ParticipantFields(label, f"tour {round_number}")]
            )
            assert desk.sync(pull_limit=2).ok  # small pages: many cursors per sync
    for desk in desks.values():
        assert desk.sync().ok

    everything = sorted(server.event_ids(meeting_id))
    assert len(everything) == len(set(everything))
    expected = server.stored_fingerprint(meeting_id)
    for desk in desks.values():
        assert sorted(e.event_id for e in desk.events(meeting_id)) == everything
        assert desk.fingerprint(meeting_id) == expected
        names = {
            (p.first_name, p.last_name)
            for p in desk.services.participants.list_participants(meeting_id)
        }
        assert len(names) == 12
    # An event written after a far-ahead desk's events still sorts after them causally (HLC).
    late = desks["late-3-days"]
    late.services.participants.register_many(meeting_id, [ParticipantFields("Dernier", "Venu")])
    newest = max(late.events(meeting_id), key=lambda event: event.hlc)
    assert newest.type == "participant.registered"
    assert newest.device_id == late.device.device_id
    assert newest.device_time_ms < NOW  # its own clock is still three days late
    assert late.sync().ok
    for label in ("on-time", "ahead-40-days"):
        pulled = desks[label].sync()
        assert pulled.ok
        assert pulled.ingested == 1
