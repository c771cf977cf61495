"""``civodesk minutes`` and ``civodesk export``: the PDF and the open data from the command line,
and the same bytes from a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.participants.participant import ParticipantFields
from civodesk.services import build_services
from tests.factories import AGENDA, meeting_fields


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "desk.db"
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("poste 1"))
    meeting = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(
        meeting,
        [ParticipantFields("Zoë", "Lefèvre", commune="Mana"), ParticipantFields("Ana", "Ñúñez")],
    )
    services.meetings.open_meeting(meeting)
    for person in services.participants.list_participants(meeting):
        services.checkin.check_in(meeting, person.id)
    services.meetings.close_meeting(meeting)
    database.close()
    return path, meeting


def test_minutes_command_writes_the_pdf_and_its_fingerprint(
    desk: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = desk
    out = tmp_path / "pv.pdf"
    args = [
        "minutes",
        "--db",
        str(path),
        "--meeting",
        meeting[:20],
        "--out",
        str(out),
        "--kind",
        "pv",
    ]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Procès-verbal de séance de" in printed
    assert "Empreinte du journal (SHA-256) :" in printed
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "LEFÈVRE Zoë" in text
    assert "ÑÚÑEZ Ana" in text


def test_a_fresh_process_makes_the_same_bytes(desk: tuple[Path, str], tmp_path: Path) -> None:
    path, meeting = desk
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["minutes", "--db", str(path), "--meeting", meeting, "--out", str(first)]) == 0
    command = [
        sys.executable,
        "-m",
        "civodesk.cli.main",
        "minutes",
        "--db",
        str(path),
        "--meeting",
        meeting,
        "--out",
        str(second),
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=Path(__file__).parents[2])
    assert first.read_bytes() == second.read_bytes()


def test_unwritable_output_is_a_clear_error_and_no_file(
    desk: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = desk
    out = tmp_path / "absent" / "cr.pdf"
    assert main(["minutes", "--db", str(path), "--meeting", meeting, "--out", str(out)]) == 1
    assert "n'a pas pu être enregistré" in capsys.readouterr().err
    assert not out.parent.exists()


def test_export_command_json_without_names(
    desk: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = desk
    out = tmp_path / "open"
    args = [
        "export",
        "--db",
        str(path),
        "--meeting",
        meeting,
        "--out",
        str(out),
        "--format",
        "json",
        "--no-names",
    ]
    assert main(args) == 0
    assert "1 fichier écrit" in capsys.readouterr().out
    data = json.loads((out / "meeting.json").read_text("utf-8"))
    assert data["attendance"]["present"] == 2
    assert "Zoë" not in (out / "meeting.json").read_text("utf-8")  # facilitators stay public
