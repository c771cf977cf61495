"""``participants list``, ``reissue-badge`` and ``erase`` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.devices.store import database_device
from civodesk.participants.participant import ParticipantFields
from civodesk.paths import data_dir
from civodesk.services import build_services
from tests.factories import meeting_fields


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str, list[str]]:
    path = tmp_path / "desk.db"
    database = open_database(path)
    services = build_services(database, database_device(database, data_dir()))  # the CLI's own
    meeting_id = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    ids = services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Hélène", "Dupré", email="helene@example.org", commune="Mana"),
            ParticipantFields("Mallory", '=HYPERLINK("http://x")', commune="-Apatou"),
        ],
        consent_purpose="Émargement",
    ).created_ids
    services.checkin.issue_badges(meeting_id)
    database.close()
    return path, meeting_id, list(ids)


def _base(db: tuple[Path, str, list[str]], action: str) -> list[str]:
    return ["participants", action, "--db", str(db[0]), "--meeting", db[1]]


def test_list_as_table_json_and_formula_safe_csv(
    db: tuple[Path, str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_base(db, "list")) == 0
    out = capsys.readouterr().out
    assert "Hélène Dupré" in out
    assert "2 inscrits." in out

    assert main([*_base(db, "list"), "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert {p["last_name"] for p in people} == {"Dupré", '=HYPERLINK("http://x")'}
    assert all(p["consent"] is True for p in people)

    target = tmp_path / "inscrits.csv"
    assert main([*_base(db, "list"), "--csv", str(target)]) == 0
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert rows[0][:3] == ["Identifiant", "Nom", "Prénom"]
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'-Apatou" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_reissue_badge_revokes_the_old_one_and_writes_the_pdf(
    db: tuple[Path, str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting, (helene, _mallory) = db
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("x"))
    (old,) = services.checkin.list_badges(meeting, [helene])
    database.close()
    out = tmp_path / "badge.pdf"
    args = [*_base(db, "reissue-badge"), "--participant", helene[:30], "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Hélène Dupré" in printed
    assert out.read_bytes().startswith(b"%PDF")
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("y"))
    (new,) = services.checkin.list_badges(meeting, [helene])
    assert new.manual_code in printed
    assert new.serial > old.serial
    assert main(["verify-badge", "--db", str(path), "--meeting", meeting, old.token]) == 1
    database.close()


def test_erase_asks_for_yes_then_forgets_the_person(
    db: tuple[Path, str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting, (helene, _mallory) = db
    args = [*_base(db, "erase"), "--participant", helene]
    assert main(args) == 1
    assert "--yes" in capsys.readouterr().err
    assert main([*args, "--yes"]) == 0
    assert "effacées" in capsys.readouterr().out
    assert main([*_base(db, "list"), "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    erased = next(p for p in people if p["id"] == helene)
    assert (erased["last_name"], erased["email"]) == ("", "")
    assert b"helene@example.org" not in path.read_bytes()
    assert main(["verify-journal", "--db", str(path)]) == 0
    assert main(["participants", "erase", "--db", str(path), "--meeting", meeting,
                 "--participant", "zzz", "--yes"]) == 1  # fmt: skip
