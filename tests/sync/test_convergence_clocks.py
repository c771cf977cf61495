"""Device clocks off by hours or days: nothing is lost, cursors still work, desks converge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.clock import ManualClock
from civodesk.journal.clock_offset import CLOCK_OFFSET, clock_report
from civodesk.journal.hlc import MAX_AHEAD_MS, wall_ms
from civodesk.participants.participant import ParticipantFields
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk

DAY = 86_400_000
HOUR = 3_600_000
NOW = 1_764_150_000_000


@pytest.fixture
def true_time() -> ManualClock:
    """The server's clock, and the on-time desk's: real time in these tests."""
    return ManualClock(NOW)


@pytest.fixture
def server(server_database_url: str, true_time: ManualClock) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(server_database_url), clock=true_time).start()
    yield live
    live.close()


def on_time_desk(directory: Path, label: str, true_time: ManualClock) -> SyncingDesk:
    desk = make_desk(directory, label, NOW)
    desk.clock = true_time
    desk.crash_and_restart()  # reopen its services on the shared clock
    return desk


def test_skewed_clocks_lose_nothing_and_cursors_still_work(
    tmp_path: Path, server: LiveServer, true_time: ManualClock
) -> None:
    org = server.new_organization("Commune de Maripasoula")
    skews = {
        "late-3-days": -3 * DAY,
        "on-time": 0,
        "ahead-9-hours": 9 * HOUR,
        "ahead-40-days": 40 * DAY,
    }
    desks = {label: make_desk(tmp_path, label, NOW + skew) for label, skew in skews.items() if skew}
    desks["on-time"] = on_time_desk(tmp_path, "on-time", true_time)
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
        for label in ("ahead-40-days", "late-3-days", "ahead-9-hours"):
            desks[label].clock.advance(5 * 60_000)
        true_time.advance(5 * 60_000)
        for label in ("ahead-40-days", "late-3-days", "on-time", "ahead-9-hours"):
            desk = desks[label]
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
    # An event written after seeing a far-ahead desk's events is stamped near its own clock:
    # the hybrid clock follows a remote stamp only up to its bound (issue 8, item 8).
    late = desks["late-3-days"]
    late.services.participants.register_many(meeting_id, [ParticipantFields("Dernier", "Venu")])
    newest = max(
        (e for e in late.events(meeting_id) if e.device_id == late.device.device_id),
        key=lambda event: event.hlc,
    )
    assert newest.type == "participant.registered"
    assert newest.device_time_ms < NOW  # its own clock is still three days late
    assert wall_ms(newest.hlc) <= late.clock.now_ms() + MAX_AHEAD_MS  # not 40 days ahead
    assert late.sync().ok
    for label in ("on-time", "ahead-40-days"):
        pulled = desks[label].sync()
        assert pulled.ok
        assert pulled.ingested == 1
    # One desk's clock 40 days ahead did not drag the others: each desk's own newest stamp stays
    # within the hybrid clock's bound of its own clock.
    for label in ("on-time", "late-3-days", "ahead-9-hours"):
        desk = desks[label]
        own = [e for e in desk.events(meeting_id) if e.device_id == desk.device.device_id]
        assert wall_ms(max(e.hlc for e in own)) <= desk.clock.now_ms() + MAX_AHEAD_MS
    # Each skewed desk journaled its offset once (it did not change between syncs).
    offsets = [e for e in desks["on-time"].events(meeting_id) if e.type == CLOCK_OFFSET]
    by_device = {e.device_id: e.payload["offset_ms"] for e in offsets}
    assert len(offsets) == 3
    assert sorted(by_device.values()) == [-40 * DAY, -9 * HOUR, 3 * DAY]


def test_with_one_desk_a_day_fast_presence_at_ten_finds_the_two_people(
    tmp_path: Path, server: LiveServer, true_time: ManualClock
) -> None:
    """Issue 8, item 6: "who was present at 10:00" returned nobody while two people were."""
    org = server.new_organization("Commune de Saül")
    accueil = on_time_desk(tmp_path, "Accueil", true_time)
    entree = make_desk(tmp_path, "Entrée", NOW + DAY)
    for desk in (accueil, entree):
        desk.enroll(server.url, server.enroll_code(org))
    meeting_id = accueil.services.meetings.create_meeting(meeting_fields()).meeting_id
    accueil.services.participants.register_many(
        meeting_id, [ParticipantFields("Alice", "Test"), ParticipantFields("Bruno", "Test")]
    )
    assert accueil.sync().ok
    entree.join(meeting_id)
    assert entree.sync().ok
    people = {
        p.first_name: p.id for p in entree.services.participants.list_participants(meeting_id)
    }
    # The meeting: both check in at the fast desk between 9:50 and 10:00 (true time).
    true_time.advance(50 * 60_000)
    entree.clock.advance(50 * 60_000)
    entree.services.checkin.check_in(meeting_id, people["Alice"])
    true_time.advance(5 * 60_000)
    entree.clock.advance(5 * 60_000)
    entree.services.checkin.check_in(meeting_id, people["Bruno"])
    ten = true_time.now_ms() + 5 * 60_000
    # Later, it syncs: the server's time tells it it runs a day fast; it journals that and pushes.
    true_time.advance(HOUR)
    entree.clock.advance(HOUR)
    assert entree.sync().ok
    assert accueil.sync().ok
    for desk in (accueil, entree):
        present = {p.display_name for p in desk.services.checkin.present_at(meeting_id, ten)}
        assert present == {"Alice Test", "Bruno Test"}
        assert desk.services.checkin.present_at(meeting_id, NOW + 49 * 60_000) == []
    # Both desks know it, and say so.
    with entree.services.database.read() as conn:
        fast_report = clock_report(conn, entree.device.device_id)
    assert fast_report.server_offset_ms == -DAY
    assert fast_report.warnings()[0].startswith(
        "L'horloge de ce poste a 1 j d'avance sur le serveur."
    )
    with accueil.services.database.read() as conn:
        report = clock_report(conn, accueil.device.device_id)
    assert report.server_offset_ms == 0
    (fast,) = report.devices
    assert (fast.label, fast.ahead_ms, fast.source) == ("Entrée", DAY, "server")
