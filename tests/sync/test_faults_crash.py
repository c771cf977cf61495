"""Crashes for real: the server process killed (SIGKILL) while it applies a batch, and a desk's
``civodesk sync`` process killed at random moments of a long pull. Nothing is lost or doubled.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.protocol import HEALTH_PATH
from sync.server.admin import create_organization, issue_enroll_code
from sync.server.db import ServerDatabase
from tests.factories import meeting_fields
from tests.sync.fault_proxy import Fault, FaultProxy, RequestInfo
from tests.sync.sync_harness import SyncingDesk, free_port, make_desk

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


class ServerProcess:
    """``civodesk-server serve`` in its own process, so it can be killed without mercy."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.database = ServerDatabase(database_url)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "CIVODESK_RATE_PER_SECOND": "10000",
            "CIVODESK_RATE_BURST": "10000",
            "CIVODESK_MAX_PULL_LIMIT": "100",  # a long pull in many pages, to die in the middle of
        }
        self.process = subprocess.Popen(
            [
                str(BIN / "civodesk-server"),
                "serve",
                "--database-url",
                self.database_url,
                "--port",
                str(self.port),
                "--log-level",
                "error",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + HEALTH_PATH, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("civodesk-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def close(self) -> None:
        self.kill()
        self.database.close()


@pytest.fixture
def server_process(server_database_url: str) -> Iterator[ServerProcess]:
    server = ServerProcess(server_database_url)
    server.database.migrate()
    server.start()
    yield server
    server.close()


def big_meeting(desk: SyncingDesk, people: int) -> str:
    meeting_id = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    for start in range(0, people, 100):
        desk.clock.advance(30_000)
        desk.services.participants.register_many(
            meeting_id,
            [ParticipantFields(f"Prénom {n}", f"Nom {start + n}") for n in range(100)],
        )
    return meeting_id


def stored_ids(server: ServerProcess, meeting_id: str) -> list[str]:
    from civodesk.journal.store import iter_events

    with server.database.read() as conn:
        return [event.event_id for event in iter_events(conn, meeting_id)]


def test_server_killed_while_it_applies_a_batch(
    tmp_path: Path, server_process: ServerProcess
) -> None:
    create_organization(server_process.database, "Commune de Grand-Santi")
    desk = make_desk(tmp_path, "desk")
    meeting_id = big_meeting(desk, 1500)
    kills: list[threading.Thread] = []

    def kill_then_restart() -> None:
        time.sleep(0.05)  # the batch has reached the server and is being applied
        server_process.kill()
        server_process.start()

    def plan(info: RequestInfo) -> Fault:
        if info.path.startswith("/v1/push") and len(kills) < 2 and info.index % 2 == 1:
            thread = threading.Thread(target=kill_then_restart)
            kills.append(thread)
            thread.start()
        return Fault.NONE

    with FaultProxy(server_process.port, plan) as proxy:
        code = issue_enroll_code(server_process.database, "Commune de Grand-Santi").code
        desk.enroll(proxy.url, code)
        report = desk.sync(batch_bytes=4096)
        for thread in kills:
            thread.join()
        while not report.ok:
            report = desk.sync(batch_bytes=4096)
    assert len(kills) == 2
    stored = stored_ids(server_process, meeting_id)
    assert [eid for eid, n in Counter(stored).items() if n > 1] == []
    assert sorted(stored) == sorted(desk.event_ids())
    assert desk.server_fingerprint(meeting_id) == desk.fingerprint(meeting_id)


def test_desk_sync_process_killed_at_random_moments(
    tmp_path: Path, server_process: ServerProcess
) -> None:
    create_organization(server_process.database, "Commune d'Awala-Yalimapo")
    source = make_desk(tmp_path, "source")
    source.enroll(
        server_process.url,
        issue_enroll_code(server_process.database, "Commune d'Awala-Yalimapo").code,
    )
    meeting_id = big_meeting(source, 3000)
    assert source.sync().ok
    target = make_desk(tmp_path, "target")
    rng = random.Random(2)
    running: list[subprocess.Popen[bytes]] = []
    kill_at: list[tuple[int, float]] = []  # (pull request number, delay after it arrives)
    pulls = 0

    def plan(info: RequestInfo) -> Fault:
        """Kill the sync process a random moment after its n-th page request: anchored to the
        pull's progress, not to the wall clock, so a loaded machine moves nothing."""
        nonlocal pulls
        if info.path.startswith("/v1/pull"):
            pulls += 1
            if kill_at and running and pulls == kill_at[0][0]:
                threading.Timer(kill_at.pop(0)[1], running[-1].kill).start()
        return Fault.DELAY

    slow_link = FaultProxy(server_process.port, plan, delay_s=0.12).start()
    target.enroll(
        slow_link.url,
        issue_enroll_code(server_process.database, "Commune d'Awala-Yalimapo").code,
    )
    assert target.join(meeting_id).meeting_id == meeting_id  # its pulls bring the meeting
    target.close()

    command = [str(BIN / "civodesk"), "sync", "--db", str(target.path)]
    env = {**os.environ, "CIVODESK_HOME": str(tmp_path / "home")}
    killed = 0
    partial_counts: list[int] = []
    total = len(source.events(meeting_id))
    for _attempt in range(8):
        # Page 1 of this run is committed before page 2 is asked for: kill from page 2 on.
        kill_at[:] = [(pulls + rng.randint(2, 4), rng.uniform(0.0, 0.2))]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        running.append(process)
        returncode = process.wait(timeout=300)
        if returncode == -signal.SIGKILL:
            killed += 1
            # What survived the kill is a consistent journal: some pages, each whole.
            target.open()
            partial_counts.append(len(target.events(meeting_id)))
            assert target.services.journal_tools.verify(meeting_id).ok
            target.close()
            continue
        if returncode == 0:
            break
    else:
        assert subprocess.run(command, env=env, check=False).returncode == 0
    slow_link.stop()
    assert killed >= 1
    assert any(0 < count < total for count in partial_counts), partial_counts

    target.open()
    with target.services.database.write() as conn:
        conn.execute(state.enrollment_table.update().values(server_url=server_process.url))
    assert target.sync().ok
    stored = stored_ids(server_process, meeting_id)
    assert sorted(e.event_id for e in target.events(meeting_id)) == sorted(stored)
    assert target.fingerprint(meeting_id) == source.fingerprint(meeting_id)
    assert target.services.journal_tools.verify(meeting_id).ok
    assert target.services.participants.count(meeting_id) == 3000
