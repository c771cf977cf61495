"""Each organization's cover logo, remembered on this desk (a small JSON file in the data folder).

Keyed by the organization's stable id (``organization_id``), so every meeting of the same commune
gets the same logo. Only the path is kept: the file is read when a document is made, and a
missing or broken one gives a warning and a document without logo (``load_logo``).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from civodesk.meetings.meeting import organization_id

log = logging.getLogger(__name__)

LOGOS_FILE = "organization-logos.json"


class OrganizationLogos:
    def __init__(self, directory: Path) -> None:
        self.path = directory / LOGOS_FILE

    def _load(self) -> dict[str, str]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable logo settings %s: %s", self.path, error)
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(key): str(value) for key, value in raw.items() if isinstance(value, str)}

    def logo_of(self, organization: str) -> Path | None:
        path = self._load().get(organization_id(organization))
        return Path(path) if path else None

    def set_logo(self, organization: str, logo: Path | None) -> None:
        """Remember ``logo`` for ``organization`` (``None`` forgets it); written atomically."""
        logos = self._load()
        key = organization_id(organization)
        if logo is None:
            logos.pop(key, None)
        else:
            logos[key] = str(logo)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(logos, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)
