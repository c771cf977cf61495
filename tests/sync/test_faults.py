"""Fault tolerance: desks sync through a proxy that drops, resets, loses, duplicates and delays
requests, and across a server restart in the middle of an upload.

Whatever happens on the way, the end state must be the same: the server holds the union of the
desks' journals, each event exactly once, and every desk and the server agree on each meeting's
fingerprint.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.client.engine import SyncOutcome
from tests.core.desks import dump_tables
from tests.factories import AGENDA, meeting_fields
from tests.sync.fault_proxy import Fault, FaultProxy, RequestInfo
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk

pytestmark = pytest.mark.slow

SMALL_BATCH = 3 * 1024  # many batches per upload, so faults land in the middle of one


@pytest.fixture
def server(server_database_url: str) -> Iterator[LiveServer]:
    """A live server on SQLite, then on PostgreSQL (``server_database_url`` in conftest)."""
    live = LiveServer(loose_settings(server_database_url)).start()
    yield live
    live.close()


class FaultPlan:
    """Applies ``fault`` to a random share of the requests whose path matches."""

    def __init__(self, fault: Fault, rate: float, paths: tuple[str, ...], seed: int = 5) -> None:
        self.fault = fault
        self.rate = rate
        self.paths = paths
        self.enabled = False
        self._random = random.Random(seed)

    def __call__(self, info: RequestInfo) -> Fault:
        if not self.enabled or not info.path.startswith(self.paths):
            return Fault.NONE
        return self.fault if self._random.random() < self.rate else Fault.NONE


def fill(desk: SyncingDesk, meeting_id: str, people: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(0, people, 10):
        desk.clock.advance(60_000)
        desk.services.participants.register_many(
            meeting_id,
            [
                ParticipantFields(f"Prénom{rng.randrange(10**6)}", f"Nom{seed}-{index + n}")
                for n in range(10)
            ],
        )


def three_desks(
    tmp_path: Path, server: LiveServer, url: str
) -> tuple[list[SyncingDesk], list[str]]:
    """Desks A and B share meeting 1 (B got it from the server), desk C has meeting 2; every desk
    joins both, so that every desk's projections can be compared with the server's."""
    org = server.new_organization("Territoire test")
    desks = [make_desk(tmp_path, label) for label in ("desk-a", "desk-b", "desk-c")]
    for desk in desks:
        desk.enroll(url, server.enroll_code(org))
    shared = desks[0].services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    assert desks[0].sync().ok
    own = desks[2].services.meetings.create_meeting(meeting_fields(title="Conseil de quartier"))
    assert desks[2].sync().ok
    for desk, meeting_id in ((desks[1], shared), (desks[2], shared)):
        desk.join(meeting_id)
    for desk in desks[:2]:
        desk.join(own.meeting_id)
    assert desks[1].sync().ok
    fill(desks[0], shared, 120, seed=1)
    fill(desks[1], shared, 120, seed=2)
    fill(desks[2], own.meeting_id, 120, seed=3)
    return desks, [shared, own.meeting_id]


def sync_until_settled(desks: list[SyncingDesk], rounds: int = 12) -> None:
    for _round in range(rounds):
        reports = [desk.sync(batch_bytes=SMALL_BATCH, pull_limit=50) for desk in desks]
        if all(report.ok and report.pulled == 0 and report.pushed == 0 for report in reports):
            return
    raise AssertionError(f"no convergence after {rounds} rounds: {[r.message for r in reports]}")


def assert_converged(server: LiveServer, desks: list[SyncingDesk], meetings: list[str]) -> None:
    stored = server.event_ids()
    assert [eid for eid, n in Counter(stored).items() if n > 1] == []  # nothing twice
    union = set().union(*(desk.event_ids() for desk in desks))
    assert set(stored) == union  # nothing lost
    for meeting_id in meetings:
        expected = server.stored_fingerprint(meeting_id)
        holders = [desk for desk in desks if desk.events(meeting_id)]
        for desk in holders:
            assert desk.fingerprint(meeting_id) == expected
            assert desk.server_fingerprint(meeting_id) == expected
            assert desk.services.journal_tools.verify(meeting_id).ok
    assert {desk.fingerprint(meetings[0]) for desk in desks[:2]} == {
        server.stored_fingerprint(meetings[0])
    }
    with server.database.read() as conn:
        server_tables = dump_tables(conn)
    for desk in desks:
        with desk.services.database.read() as conn:
            assert state.waiting_count(conn) == 0
            assert state.list_rejections(conn) == []
            # Same projections on the server (PostgreSQL or SQLite) as on every desk.
            assert dump_tables(conn) == server_tables


@pytest.mark.parametrize(
    "fault",
    [
        Fault.DROP,
        Fault.RESET,
        Fault.LOSE_RESPONSE,
        Fault.RESET_AFTER_COMMIT,
        Fault.DUPLICATE,
        Fault.TRUNCATE_RESPONSE,
        Fault.CUT,
    ],
)
def test_faults_on_push_and_pull_lose_nothing_and_duplicate_nothing(
    tmp_path: Path, server: LiveServer, fault: Fault
) -> None:
    plan = FaultPlan(fault, rate=0.35, paths=("/v1/push", "/v1/pull"))
    with FaultProxy(server.port, plan) as proxy:
        desks, meetings = three_desks(tmp_path, server, proxy.url)
        plan.enabled = True
        sync_until_settled(desks)
        assert proxy.stats.faults[fault.value] >= 3  # the faults did happen, several times
        assert_converged(server, desks, meetings)


def test_delays_longer_than_the_client_timeout(tmp_path: Path, server: LiveServer) -> None:
    """A slow answer times out on the desk and is retried; the first one may still commit."""
    import httpx

    plan = FaultPlan(Fault.DELAY, rate=0.5, paths=("/v1/push", "/v1/pull"))
    with FaultProxy(server.port, plan, delay_s=0.6) as proxy:
        desks, meetings = three_desks(tmp_path, server, proxy.url)
        plan.enabled = True
        timeout = httpx.Timeout(0.4)
        for _round in range(12):
            reports = []
            for desk in desks:
                with httpx.Client(timeout=timeout) as client:
                    reports.append(desk.client(client=client, batch_bytes=SMALL_BATCH).sync_once())
            if all(r.ok and r.pushed == 0 and r.pulled == 0 for r in reports):
                break
        assert proxy.stats.faults["delay"] >= 3
        assert_converged(server, desks, meetings)


def test_server_restart_in_the_middle_of_a_batch(tmp_path: Path, server: LiveServer) -> None:
    """The server goes down while an upload is under way and comes back on the same port."""
    restarts: list[threading.Thread] = []

    def plan(info: RequestInfo) -> Fault:
        if info.path.startswith("/v1/push") and not restarts and armed.is_set():
            # Stop the server while this batch is in flight; bring it back a moment later.
            thread = threading.Thread(target=restart_soon)
            restarts.append(thread)
            thread.start()
        return Fault.NONE

    def restart_soon() -> None:
        server.stop()
        server.start()

    armed = threading.Event()
    with FaultProxy(server.port, plan) as proxy:
        desks, meetings = three_desks(tmp_path, server, proxy.url)
        armed.set()
        first = desks[0].sync(batch_bytes=SMALL_BATCH)
        for thread in restarts:
            thread.join()
        assert restarts
        sync_until_settled(desks)
        assert first.outcome in {SyncOutcome.OK, SyncOutcome.UNREACHABLE, SyncOutcome.BUSY}
        assert_converged(server, desks, meetings)


def test_a_partitioned_desk_catches_up_after_the_link_returns(
    tmp_path: Path, server: LiveServer
) -> None:
    with FaultProxy(server.port) as proxy:
        desks, meetings = three_desks(tmp_path, server, proxy.url)
        proxy.partitioned = True
        from sync.client.retry import RetryPolicy

        cut_off = desks[0].client(policy=RetryPolicy(max_attempts=2, base_delay_s=0.01))
        assert cut_off.sync_once().outcome is SyncOutcome.UNREACHABLE
        proxy.partitioned = False
        sync_until_settled(desks)
        assert_converged(server, desks, meetings)


def test_a_desk_crash_between_push_and_acknowledgement_replays_safely(
    tmp_path: Path, server: LiveServer
) -> None:
    """The server committed but the desk died before saving the acks: it resends, as duplicates."""
    desks, meetings = three_desks(tmp_path, server, server.url)
    desk = desks[0]
    with desk.services.database.read() as conn:
        waiting_before = state.waiting_count(conn)
    assert desk.sync().ok
    with desk.services.database.write() as conn:  # lose the acknowledgements, as a crash would
        conn.execute(state.acks_table.delete())
    desk.crash_and_restart()
    replay = desk.sync()
    assert replay.ok
    assert replay.accepted == 0
    assert replay.duplicates == len(desk.events())
    assert waiting_before > 0
    sync_until_settled(desks)
    assert_converged(server, desks, meetings)
