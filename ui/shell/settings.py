"""The person's interface choices, in a small typed JSON file in the data directory.

Window geometry lives in QSettings (Qt's job); everything else here, with a schema version so a
later release can upgrade an old file instead of discarding it.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from civodesk.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class UserSettings:
    language: str = DEFAULT_LANGUAGE
    schema_version: int = SCHEMA_VERSION


class SettingsStore:
    def __init__(self, directory: Path) -> None:
        self.path = directory / SETTINGS_FILE

    def load(self) -> UserSettings:
        """The saved settings; defaults when the file is missing or unreadable (never fatal)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return UserSettings()
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable settings file %s: %s", self.path, error)
            return UserSettings()
        settings = UserSettings()
        if not isinstance(raw, dict):
            return settings
        language = raw.get("language")
        if language in SUPPORTED_LANGUAGES:
            settings = replace(settings, language=language)
        return settings

    def save(self, settings: UserSettings) -> None:
        """Write atomically (a crash mid-write leaves the previous file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        os.replace(temporary, self.path)
