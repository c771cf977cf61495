"""A real sync server on loopback (uvicorn in a thread) and desks that sync with it, for tests.

The server can be stopped and started again on the same port (it keeps no state of its own), and
desks can reach it through a ``FaultProxy``. Used by the client, fault and convergence tests and
by the sync benchmarks.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from civodesk.clock import Clock, ManualClock
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.store import bind_device
from civodesk.journal.event import JournalEvent
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import iter_events
from civodesk.services import Services, build_services
from sync.client import state
from sync.client.directory import JoinResult, join_meeting
from sync.client.engine import SyncClient, SyncReport, enroll
from sync.client.retry import RetryPolicy
from sync.protocol import MEETINGS_PATH, bearer
from sync.server.admin import create_organization, issue_enroll_code
from sync.server.app import create_app
from sync.server.db import ServerDatabase
from sync.server.settings import ServerSettings
from tests.identities import remember

FAST_RETRIES = RetryPolicy(
    max_attempts=40, base_delay_s=0.02, max_delay_s=0.5, random=random.Random(3)
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def loose_settings(database_url: str) -> ServerSettings:
    """Limits loose enough for tests that push thousands of events quickly."""
    return ServerSettings(database_url=database_url, rate_per_second=10_000.0, rate_burst=10_000)


class LiveServer:
    """The sync server app served by uvicorn in a thread; restartable on the same port."""

    def __init__(
        self, settings: ServerSettings, port: int | None = None, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.port = port or free_port()
        self.database = ServerDatabase(settings.database_url)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        app = create_app(self.settings, clock=self.clock)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="error", lifespan="on"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the sync server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
        self._server = None
        self._thread = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self.database.close()

    def new_organization(self, name: str) -> str:
        create_organization(self.database, name)
        return name

    def enroll_code(self, organization: str) -> str:
        return issue_enroll_code(self.database, organization).code

    def event_ids(self, meeting_id: str | None = None) -> list[str]:
        """Every stored event id (a list: a duplicate would show twice)."""
        with self.database.read() as conn:
            return [event.event_id for event in iter_events(conn, meeting_id)]

    def stored_fingerprint(self, meeting_id: str) -> str:
        """The fingerprint computed straight on the server's database."""
        with self.database.read() as conn:
            return meeting_fingerprint(conn, meeting_id)


@dataclass
class SyncingDesk:
    """A desk with its own database, device, clock, and a sync client pointed at ``url``."""

    path: Path
    label: str
    clock: ManualClock
    device: DeviceIdentity
    services: Services = field(init=False)

    def __post_init__(self) -> None:
        self.open()

    def open(self) -> None:
        database = open_database(self.path)
        bind_device(database, self.device)
        self.services = build_services(database, self.device, self.clock)

    def close(self) -> None:
        self.services.database.close()

    def crash_and_restart(self) -> None:
        """Drop every in-memory state (HLC, caches); only what was committed survives."""
        self.close()
        self.open()

    def enroll(self, url: str, code: str) -> None:
        enroll(self.services, url, code, policy=FAST_RETRIES)

    def join(self, meeting_id: str, policy: RetryPolicy = FAST_RETRIES) -> JoinResult:
        """Take part in a meeting another desk made (``civodesk join``)."""
        return join_meeting(self.services, meeting_id, policy)

    def client(self, **options: object) -> SyncClient:
        settings: dict[str, Any] = {"policy": FAST_RETRIES, **options}
        return SyncClient(self.services, **settings)

    def sync(self, **options: object) -> SyncReport:
        return self.client(**options).sync_once()

    def events(self, meeting_id: str | None = None) -> list[JournalEvent]:
        with self.services.database.read() as conn:
            return list(iter_events(conn, meeting_id))

    def event_ids(self) -> list[str]:
        return [event.event_id for event in self.events()]

    def fingerprint(self, meeting_id: str) -> str:
        return self.services.journal_tools.fingerprint(meeting_id)

    def server_fingerprint(self, meeting_id: str) -> str:
        """What ``GET /v1/meetings/{id}/fingerprint`` answers to this desk."""
        with self.services.database.read() as conn:
            enrollment = state.load_enrollment(conn)
        assert enrollment is not None
        response = httpx.get(
            f"{enrollment.server_url}{MEETINGS_PATH}/{meeting_id}/fingerprint",
            headers=bearer(enrollment.device_token),
        )
        response.raise_for_status()
        return str(response.json()["fingerprint"])


def make_desk(directory: Path, label: str, start_ms: int = 1_764_150_000_000) -> SyncingDesk:
    return SyncingDesk(
        directory / f"{label}.db",
        label,
        ManualClock(start_ms),
        remember(DeviceIdentity.generate(label)),
    )
