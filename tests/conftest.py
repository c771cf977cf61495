"""Shared fixtures: a fresh database per test, a device identity, a manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from civodesk.clock import ManualClock
from civodesk.db.database import Database, open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.store import bind_device
from civodesk.services import Services, build_services

# Property tests must give the same verdict on every run and on a loaded 2-core CI machine: the
# examples are derived from each test (not from a random seed), and no verdict depends on time.
settings.register_profile(
    "civodesk",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("civodesk")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real data directory."""
    monkeypatch.setenv("CIVODESK_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(autouse=True)
def _servers_in_simulated_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sync servers built by tests tell the desks' simulated date (a ``ManualClock``'s start), not
    the machine's: otherwise every test desk would be months off and journal its clock offset.
    Tests of wrong clocks give the server their own clock (``create_app(clock=...)``)."""
    monkeypatch.setattr("sync.server.clock.default_clock", ManualClock)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def device() -> DeviceIdentity:
    return DeviceIdentity.generate("desk-1")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "civodesk.db")
    yield db
    db.close()


@pytest.fixture
def services(database: Database, device: DeviceIdentity, clock: ManualClock) -> Services:
    """Services of a database bound to ``device``, as the application (and the CLI) opens it."""
    bind_device(database, device)
    return build_services(database, device, clock)
