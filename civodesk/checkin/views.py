"""What the check-in services hand to the UI and the command line: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from civodesk.changes import ChangeSet
from civodesk.checkin.name_search import fold
from civodesk.checkin.scan_reason import RefusalReason


class ScanOutcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class ScanResult:
    """The answer shown at the desk right after a scan (green, orange or red)."""

    outcome: ScanOutcome
    event_id: str
    participant_id: str | None = None
    display_name: str = ""
    reason: RefusalReason | None = None
    advice: str = ""
    admitted_at_ms: int | None = None
    admitted_by_desk: str = ""
    change: ChangeSet | None = None  # what the scan wrote (None for a check that writes nothing)

    @property
    def message(self) -> str:
        """The plain reason of a refusal, with the fix when one is known."""
        if self.reason is None:
            return ""
        return f"{self.reason.message} {self.advice}".strip()


@dataclass(frozen=True)
class BadgeView:
    participant_id: str
    first_name: str
    last_name: str
    commune: str
    token: str
    manual_code: str
    serial: int
    issued_on: date
    consent_purpose: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class CheckinRow:
    """One line of the desk's search list."""

    participant_id: str
    first_name: str
    last_name: str
    commune: str
    manual_code: str
    present: bool
    version: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def checkin_order(row: CheckinRow) -> tuple[bool, str, str, str]:
    """The desk's list order: by last name then first name, accents and case ignored; people
    whose name was erased last."""
    return (not row.last_name, fold(row.last_name), fold(row.first_name), row.participant_id)


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    present: int
    registered: int


@dataclass(frozen=True)
class AttendanceSummary:
    """Live count, quorum (counted on people present; proxies are reported apart) and breakdowns.

    ``proxies`` are the proxies in force (holder present, giver absent); ``proxies_on_hold`` are
    recorded ones that do not count right now (giver arrived, or holder left).
    """

    registered: int
    present: int
    proxies: int
    quorum_percent: float | None
    quorum_required: int | None
    breakdowns: dict[str, tuple[BreakdownRow, ...]] = field(default_factory=dict)
    proxies_on_hold: int = 0

    @property
    def represented(self) -> int:
        """Present or represented: nobody counted twice, since a proxy in force has an absent giver."""
        return self.present + self.proxies

    @property
    def quorum_reached(self) -> bool | None:
        if self.quorum_required is None:
            return None
        return self.present >= self.quorum_required


@dataclass(frozen=True)
class ProxyView:
    id: str
    giver_id: str
    giver_name: str
    holder_id: str
    holder_name: str


@dataclass(frozen=True)
class PresentPerson:
    participant_id: str
    display_name: str
