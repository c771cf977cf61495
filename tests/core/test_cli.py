"""The ``civodesk`` command line, run in-process (and once as the installed program)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.language import requested_language
from civodesk.cli.main import gui_arguments, main
from civodesk.i18n import current_language, set_language

# Meeting ids are UUIDv8 (they name their creating device); other ids UUIDv7.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[78][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(autouse=True)
def _french_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from a neutral environment and leaves the language as it found it."""
    for name in ("CIVODESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]
    language = current_language()
    yield
    set_language(language)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_prints_only_the_meeting_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    code, out, err = run(capsys, "demo", "--db", str(db), "--participants", "40", "--ideas", "5")

    assert code == 0, err
    assert UUID.fullmatch(out.strip())
    code, out_json, _err = run(capsys, "meetings", "--db", str(db), "--json")
    meetings = json.loads(out_json)
    assert [(m["id"], m["participants"], m["status"]) for m in meetings] == [
        (out.strip(), 40, "open")
    ]


def test_meetings_lists_a_table_most_recent_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.db")
    ids = [run(capsys, "demo", "--db", db, "--seed", str(seed))[1].strip() for seed in (1, 2)]

    code, out, _err = run(capsys, "meetings", "--db", db)

    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["Identifiant", "Début", "État"]
    assert sorted(row.split()[0] for row in rows) == sorted(ids)
    starts = [row.split()[1] + row.split()[2] for row in rows]
    assert starts == sorted(starts, reverse=True)
    assert all("ouverte" in row and " 120 " in row for row in rows)


def test_meetings_on_an_empty_database_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "empty.db")
    run(capsys, "demo", "--db", db, "--participants", "0", "--ideas", "0")
    sqlite3.connect(db).execute("UPDATE meetings SET deleted = 1").connection.commit()

    code, out, _err = run(capsys, "meetings", "--db", db)

    assert code == 0
    assert "civodesk demo" in out


def test_read_commands_refuse_a_missing_database_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    for command in ("meetings", "verify-journal"):
        code, out, err = run(capsys, command, "--db", str(missing))
        assert code == 1
        assert out == ""
        assert err.startswith("Erreur : aucune base CivoDesk")
        assert "Traceback" not in err
    assert not missing.exists()


def test_verify_journal_passes_then_reports_tampering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.db")
    run(capsys, "demo", "--db", db, "--participants", "30", "--ideas", "3")
    code, out, _err = run(capsys, "verify-journal", "--db", db)
    assert code == 0
    assert out.startswith("Journal intègre")

    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE events SET payload = replace(payload, 'commune', 'Commune') "
            "WHERE type = 'participant.registered' AND seq = 10"
        )
    code, out, err = run(capsys, "verify-journal", "--db", db)

    assert code == 1
    assert "Problème : réunion" in err
    assert "n° 10" in err
    assert "Journal altéré : 1 problème(s)" in err


def test_demo_refuses_bad_counts_before_touching_the_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    for value in ("-1", "beaucoup", "100001"):
        code, _out, err = run(capsys, "demo", "--db", str(db), "--participants", value)
        assert code == 2
        assert f"« {value} » n'est pas un nombre entier de 0 à 100000" in err
        assert "erreur :" in err
    assert not db.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"CivoDesk \d+\.\d+\.\d+\S*\n", out)


def test_help_is_french_and_documents_the_gui_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--help")

    assert code == 0
    assert out.startswith("utilisation : civodesk")
    for expected in ("--exit-after-start", "Sans commande, ouvre l'application", "--db PATH"):
        assert expected in out
    for command in ("demo", "meetings", "verify-journal"):
        assert re.search(rf"^\s+{command}\s+\S", out, re.MULTILINE), command
    assert "show this help" not in out
    assert "\noptions :\n" in out


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["--lang", "en", "demo", "--help"], {}),
        (["--lang=en", "demo", "--help"], {"LANG": "fr_FR.UTF-8"}),
        (["demo", "--help"], {"LANG": "en_GB.UTF-8"}),
        (["demo", "--help"], {"CIVODESK_LANG": "en"}),
    ],
)
def test_help_follows_the_users_language(
    argv: list[str],
    environ: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    code, out, _err = run(capsys, *argv)

    assert code == 0
    assert out.startswith("usage: civodesk demo")
    assert "number of registered participants" in out
    assert "show this help message and exit" in out


def test_civodesk_lang_wins_over_the_system_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("CIVODESK_LANG", "fr")

    _code, out, _err = run(capsys, "demo", "--help")

    assert "nombre de participants inscrits" in out


def test_errors_are_in_english_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--lang", "en", "meetings", "--db", str(tmp_path / "x.db"))
    assert code == 1
    assert "no CivoDesk database at" in err


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "fr"),
        ([], {"LANG": "C.UTF-8"}, "fr"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        (["--lang", "fr"], {"CIVODESK_LANG": "en"}, "fr"),
        (["meetings", "--", "--lang", "en"], {}, "fr"),
    ],
)
def test_requested_language(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert requested_language(argv, environ) == expected


def test_installed_program_creates_and_lists_a_large_demo(tmp_path: Path) -> None:
    program = Path(sys.executable).with_name("civodesk")
    db = tmp_path / "big.db"
    env = {**os.environ, "CIVODESK_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    env.pop("CIVODESK_LANG", None)

    created = subprocess.run(
        [str(program), "demo", "--db", str(db), "--participants", "20000", "--ideas", "5000"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    listed = subprocess.run(
        [str(program), "meetings", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    verified = subprocess.run(
        [str(program), "verify-journal", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )

    assert created.returncode == 0, created.stderr
    assert UUID.fullmatch(created.stdout.strip())
    assert json.loads(listed.stdout)[0]["participants"] == 20000
    assert verified.returncode == 0, verified.stderr
    checked = int(re.search(r"(\d+) événements", verified.stdout).group(1))  # type: ignore[union-attr]
    assert checked > 20000 + 5000  # the registrations, the ideas, and the meeting's own events
    with sqlite3.connect(db) as conn:
        # 5,000 ideas, and the demo's three post-it duplicates with their three merged ideas.
        assert conn.execute("SELECT count(*) FROM ideas").fetchone() == (5006,)


@pytest.mark.parametrize(
    ("argv", "starts_gui"),
    [
        ([], True),
        (["--db", "x.db", "--exit-after-start", "--lang", "en"], True),
        (["--db=x.db"], True),
        (["meetings", "--db", "x.db"], False),
        (["--db", "x.db", "meetings"], False),
        (["-h"], False),
        (["--version"], False),
        (["--lang", "de"], False),
        (["--db"], False),
    ],
)
def test_only_global_options_start_the_gui(argv: list[str], starts_gui: bool) -> None:
    args = gui_arguments(argv)
    assert (args is not None) is starts_gui
    if args is not None:
        assert args.command is None


def test_gui_without_pyside_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Core tests run with Qt blocked, as on a machine where PySide6 is missing."""
    code, out, err = run(capsys, "--db", "x.db")

    assert code == 1
    assert out == ""
    assert err.startswith("Erreur : l'interface graphique ne peut pas être chargée (")
    assert "civodesk --help" in err
    assert "Traceback" not in err


def test_a_missing_file_is_named_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    code, meeting, err = run(capsys, "demo", "--db", str(db), "--participants", "2")
    assert code == 0, err
    missing = tmp_path / "nope.csv"
    importing = ["participants", "import", "--db", str(db), "--meeting", meeting.strip()]

    code, _out, err = run(capsys, *importing, str(missing))
    assert code == 1
    assert err.strip() == f"Erreur : Fichier introuvable : {missing}"
    code, _out, err = run(capsys, "--lang", "en", *importing, str(missing))
    assert code == 1
    assert f"File not found: {missing}" in err
    assert "No such file or directory" not in err


def test_package_export_counts_in_singular_and_plural(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    code, meeting, err = run(capsys, "demo", "--db", str(db), "--participants", "2")
    assert code == 0, err
    out_file = tmp_path / "meeting.civo"
    export = ["package", "export", "--db", str(db), "--meeting", meeting.strip()]

    code, out, err = run(capsys, *export, "--out", str(out_file))
    assert code == 0, err
    assert re.search(r"\(\d+ événements, 1 appareil, \d+ octets\)", out), out
    code, out, err = run(capsys, "--lang", "en", *export, "--out", str(out_file))
    assert code == 0, err
    assert re.search(r"\(\d+ events, 1 device, \d+ bytes\)", out), out
