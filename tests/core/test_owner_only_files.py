"""Every file that holds names or secrets is made readable by its owner only (mode 0600).

A laptop at the town hall is often shared between accounts: the umask of 022 that most systems
use would otherwise let every other account read the database (names, the device key, the
server token), packages, exports and documents with names.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.devices.store import database_device
from civodesk.documents.output import write_atomically
from civodesk.participants.participant import ParticipantFields
from civodesk.paths import data_dir
from civodesk.services import build_services
from civodesk.transfer.package import export_meeting
from tests.factories import meeting_fields

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "desk.db"
    database = open_database(path)
    services = build_services(database, database_device(database, data_dir()))
    meeting_id = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(
        meeting_id, [ParticipantFields("Hélène", "Dupré", phone="0694000001")], "Émargement"
    )
    assert {mode(path), mode(Path(f"{path}-wal")), mode(Path(f"{path}-shm"))} == {0o600}
    database.close()
    return path, meeting_id


def test_a_new_database_and_its_wal_files_are_owner_only(desk: tuple[Path, str]) -> None:
    path, _meeting = desk
    assert mode(path) == 0o600


def test_an_older_database_left_readable_is_narrowed_when_opened(desk: tuple[Path, str]) -> None:
    path, _meeting = desk
    path.chmod(0o644)
    open_database(path).close()
    assert mode(path) == 0o600


def test_packages_exports_and_documents_are_owner_only(
    desk: tuple[Path, str], tmp_path: Path
) -> None:
    path, meeting_id = desk
    database = open_database(path)
    services = build_services(database, database_device(database, data_dir()))
    package = tmp_path / "usb" / "reunion.civo"
    package.parent.mkdir()
    export_meeting(services, meeting_id, package)
    database.close()
    document = tmp_path / "emargement.pdf"
    write_atomically(document, lambda stream: stream.write(b"%PDF"))
    listing = tmp_path / "inscrits.csv"
    listing.write_text("an older, readable export")
    listing.chmod(0o644)
    command = ["participants", "list", "--db", str(path), "--meeting", meeting_id]
    assert main([*command, "--csv", str(listing)]) == 0
    assert "Dupré" in listing.read_text(encoding="utf-8-sig")
    assert {mode(package), mode(document), mode(listing)} == {0o600}
