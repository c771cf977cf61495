"""The small typed settings file: defaults, round trip, and tolerance of a damaged file."""

from __future__ import annotations

from pathlib import Path

from ui.shell.settings import SCHEMA_VERSION, SettingsStore, UserSettings


def test_defaults_round_trip_and_damaged_files(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    assert store.load() == UserSettings(language="fr", schema_version=SCHEMA_VERSION)
    store.save(UserSettings(language="en"))
    assert store.load().language == "en"
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() == UserSettings()
    store.path.write_text('{"language": "klingon"}', encoding="utf-8")
    assert store.load().language == "fr"
