"""The command line: participants import, badges, verify-badge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from civodesk.changes import ChangeSet
from civodesk.cli.common import CLI_WRITER
from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services
from tests.factories import meeting_fields

CSV = "Nom;Prénom;Courriel;Commune\nDupré;Hélène;helene@example.org;Mana\nMartin;Jean;;Apatou\n"


def _meeting_db(path: Path, starts_at: datetime) -> tuple[Path, str]:
    """A database whose meeting starts at ``starts_at`` (the command line reads the real clock:
    dates are given from now, so the badges' validity does not depend on the day tests run)."""
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("poste 1"))
    fields = meeting_fields(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    meeting_id = services.meetings.create_meeting(fields).created_ids[0]
    database.close()
    return path, meeting_id


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    return _meeting_db(tmp_path / "desk.db", datetime.now(UTC) + timedelta(hours=1))


def test_import_dry_run_then_import(
    db: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = db
    csv_file = tmp_path / "liste.csv"
    csv_file.write_bytes(CSV.encode("cp1252"))
    args = ["participants", "import", "--db", str(path), "--meeting", meeting, str(csv_file)]
    args += ["--consent", "Émargement"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Excel (Windows)" in out
    assert "cp1252" not in out
    assert "Prénom → Prénom" in out
    assert "Nouvelles : 2, modifiées : 0, inchangées : 0, en erreur : 0" in out
    assert "rien n'a été importé" in out
    assert main(args) == 0
    assert "Import terminé : 2 inscrits, 0 mis à jour" in capsys.readouterr().out
    assert main(args) == 0
    assert "déjà à jour" in capsys.readouterr().out
    updated = CSV.replace("Dupré;", "Dupré-Roux;") + "Diallo;Awa;;Mana\nRoux;;x;Mana\n"
    csv_file.write_bytes(updated.encode("cp1252"))
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "Nouvelles : 1, modifiées : 1, inchangées : 1, en erreur : 1" in captured.out
    assert "Ligne 2 (retrouvée par courriel) : last_name" in captured.out
    assert "--skip-errors" in captured.err
    assert main([*args, "--skip-errors"]) == 0
    assert "Import terminé : 1 inscrits, 1 mis à jour" in capsys.readouterr().out


def test_import_with_errors_imports_nothing(
    db: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = db
    csv_file = tmp_path / "liste.csv"
    csv_file.write_text("Nom,Courriel\nDupré,pas-un-courriel\nMartin,\n", encoding="utf-8")
    args = ["participants", "import", "--db", str(path), "--meeting", meeting[:20], str(csv_file)]
    assert main(args) == 1
    assert "Ligne 2 : Adresse de courriel invalide" in capsys.readouterr().err
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("x"))
    assert services.participants.count(meeting) == 0
    database.close()


def test_badges_pdf_and_verify_badge(
    db: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = db
    csv_file = tmp_path / "liste.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    main(["participants", "import", "--db", str(path), "--meeting", meeting, str(csv_file)])
    out = tmp_path / "badges.pdf"
    assert main(["badges", "--db", str(path), "--meeting", meeting, "--out", str(out)]) == 0
    assert "2 nouveaux badges émis" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    invitation = tmp_path / "invitations.pdf"
    assert (
        main(
            [
                "badges",
                "--db",
                str(path),
                "--meeting",
                meeting,
                "--out",
                str(invitation),
                "--layout",
                "invitation",
            ]
        )
        == 0
    )
    assert "2 badges sur 2 pages" in capsys.readouterr().out

    database = open_database(path)
    badge = build_services(database, DeviceIdentity.generate("x")).checkin.list_badges(meeting)[0]
    database.close()
    verify = ["verify-badge", "--db", str(path), "--meeting", meeting]
    assert main([*verify, badge.token]) == 0
    assert capsys.readouterr().out.strip() == "Hélène Dupré"
    tampered = badge.token[:30] + ("A" if badge.token[30] != "A" else "B") + badge.token[31:]
    assert main([*verify, tampered]) == 1
    assert "Signature invalide" in capsys.readouterr().out
    assert main([*verify, "n'importe quoi"]) == 1
    assert "pas un badge" in capsys.readouterr().out
    assert main([*verify, badge.manual_code]) == 0


def test_unknown_meeting_is_a_plain_error(
    db: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _meeting = db
    assert main(["verify-badge", "--db", str(path), "--meeting", "nope", "X"]) == 1
    assert "Réunion introuvable" in capsys.readouterr().err


def test_help_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["participants", "import"], ["badges"], ["verify-badge"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        assert "--meeting" in capsys.readouterr().out


def test_verify_badge_refuses_an_expired_badge_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = _meeting_db(tmp_path / "old.db", datetime.now(UTC) - timedelta(days=3))
    csv_file = tmp_path / "liste.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    main(["participants", "import", "--db", str(path), "--meeting", meeting, str(csv_file)])
    out = tmp_path / "badges.pdf"
    assert main(["badges", "--db", str(path), "--meeting", meeting, "--out", str(out)]) == 0
    database = open_database(path)
    badge = build_services(database, DeviceIdentity.generate("x")).checkin.list_badges(meeting)[0]
    database.close()
    capsys.readouterr()
    assert main(["verify-badge", "--db", str(path), "--meeting", meeting, badge.token]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("Badge expiré : la réunion de ce badge est terminée.")
    assert "Il était valable jusqu'au" in printed


def test_every_mutating_command_goes_through_the_single_writer(
    db: tuple[Path, str], tmp_path: Path
) -> None:
    """The command line writes as the window does: through ``Writer``, which publishes each
    change (its label and the ids it names) on the bus every reader subscribes to."""
    path, meeting = db
    heard: list[ChangeSet] = []
    stop = CLI_WRITER.bus.subscribe(heard.append)
    try:
        csv_file = tmp_path / "liste.csv"
        csv_file.write_text(CSV, encoding="utf-8")
        base = ["--db", str(path), "--meeting", meeting]
        assert (
            main(["participants", "import", *base, str(csv_file), "--consent", "Émargement"]) == 0
        )
        assert main(["badges", *base, "--out", str(tmp_path / "b.pdf")]) == 0
        database = open_database(path)
        people = build_services(database, DeviceIdentity.generate("x")).participants
        helene = next(p.id for p in people.list_participants(meeting) if p.first_name == "Hélène")
        database.close()
        assert main(["participants", "reissue-badge", *base, "--participant", helene]) == 0
        assert main(["participants", "erase", *base, "--participant", helene, "--yes"]) == 0
    finally:
        stop()
    assert [change.event_count > 0 for change in heard] == [True] * 4
    assert [change.meeting_id for change in heard] == [meeting] * 4
    assert heard[2].label == "Réémettre le badge"
    assert heard[2].changed["badges"] == frozenset({helene})
    assert "badges" in heard[1].changed
