"""Quitting releases the database within 2 s, whatever the sync is doing on the network."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from civodesk.db.database import open_database
from civodesk.db.errors import StorageError
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services
from ui.shell.tasks import TaskRunner
from ui.sync.scheduler import SyncScheduler


class HungNetworkClient:
    """A sync stuck in a network call (a server that accepted the connection, then went silent)."""

    def __init__(self, started: threading.Event, release: threading.Event) -> None:
        self._started, self._release = started, release

    def sync_once(self, automatic: bool = False) -> None:
        self._started.set()
        self._release.wait(30)


def test_quitting_during_a_hung_sync_releases_the_database_within_two_seconds(
    qapp: object, tmp_path: Path
) -> None:
    path = tmp_path / "civodesk.db"
    database = open_database(path)
    database.claim_instance()
    services = build_services(database, DeviceIdentity.generate("desk-1"))
    tasks = TaskRunner()
    started, release = threading.Event(), threading.Event()
    scheduler = SyncScheduler(
        services, tasks, client_factory=lambda *_a, **_k: HungNetworkClient(started, release)
    )
    scheduler.request_sync()
    assert started.wait(5)
    try:
        quitting = time.monotonic()
        scheduler.stop()  # what the main window does on close, then the application:
        tasks.shutdown()
        database.close()
        assert time.monotonic() - quitting < 2.0
        again = open_database(path)  # a relaunch now finds the file free
        again.claim_instance()
        again.close()
        try:
            with database.read():
                raise AssertionError("a closed database must refuse late work")
        except StorageError:
            pass
    finally:
        release.set()
        tasks.wait_for_abandoned(5)
