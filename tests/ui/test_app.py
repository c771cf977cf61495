"""Starting the application: the smoke-test mode, and clear refusals of unusable databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from civodesk.cli.main import build_parser
from civodesk.db.database import open_database
from civodesk.devices.identity import load_or_create_device
from civodesk.paths import data_dir
from civodesk.services import build_services
from ui.shell import app as app_module
from ui.shell.app import run_gui
from ui.shell.settings import SettingsStore, UserSettings


def gui_args(*extra: str) -> object:
    return build_parser().parse_args(list(extra))


def test_exit_after_start_creates_the_demo_opens_it_and_returns_0(
    qapp: object, tmp_path: Path
) -> None:
    path = tmp_path / "desk.db"
    assert run_gui(gui_args("--db", str(path), "--exit-after-start")) == 0
    database = open_database(path)
    try:
        services = build_services(database, load_or_create_device(data_dir()))
        meetings = services.meetings.list_meetings()
        assert len(meetings) == 1
        assert meetings[0].participant_count > 0
    finally:
        database.close()
    assert (data_dir() / "window.ini").exists()  # the window was shown, then closed cleanly
    # A second start finds the meeting and does not add another demo.
    assert run_gui(gui_args("--db", str(path), "--exit-after-start")) == 0
    database = open_database(path)
    try:
        services = build_services(database, load_or_create_device(data_dir()))
        assert len(services.meetings.list_meetings()) == 1
    finally:
        database.close()


def test_a_corrupt_database_is_refused_with_its_message(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 100)
    assert run_gui(gui_args("--db", str(path), "--exit-after-start")) == 1
    error = capsys.readouterr().err
    assert "n'est pas une base CivoDesk lisible" in error
    assert path.read_bytes() == b"this is not a database at all" * 100  # untouched


def test_a_database_open_in_another_instance_is_refused(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.db"
    other = open_database(path)
    other.claim_instance()
    try:
        assert run_gui(gui_args("--db", str(path), "--exit-after-start")) == 1
    finally:
        other.close()
    assert "déjà ouverte dans une autre fenêtre" in capsys.readouterr().err


def test_without_exit_after_start_the_error_is_shown_in_a_dialog(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app_module.QMessageBox,
        "critical",
        lambda _parent, title, text: shown.append((title, text)),
    )
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 50)
    assert run_gui(gui_args("--db", str(path))) == 1
    assert shown[0][0] == "CivoDesk ne peut pas démarrer"
    assert "n'est pas une base CivoDesk lisible" in shown[0][1]


def test_the_saved_language_is_used_at_start_and_lang_overrides_it(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    SettingsStore(data_dir()).save(UserSettings(language="en"))
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 50)
    run_gui(gui_args("--db", str(path), "--exit-after-start"))
    assert "is not a readable CivoDesk database" in capsys.readouterr().err
    run_gui(gui_args("--db", str(path), "--exit-after-start", "--lang", "fr"))
    assert "n'est pas une base CivoDesk lisible" in capsys.readouterr().err
    assert SettingsStore(data_dir()).load().language == "en"  # --lang is not remembered
