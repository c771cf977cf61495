"""What the status bar and the Synchronisation page show, read in one go from the desk's database."""

from __future__ import annotations

from dataclasses import dataclass

from civodesk.db.database import Database
from civodesk.journal.clock_offset import ClockReport, clock_report
from civodesk.journal.deferred import Deferred, list_deferred
from sync.client import state


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str
    organization: str
    blocked_reason: str | None
    """Set when the server refused this desk (401/403): automatic sync is stopped."""
    waiting: int
    """Events the server has not acknowledged yet."""
    last_success_ms: int | None
    last_attempt_ms: int | None
    last_reachable: bool | None
    """Whether the server answered during the last attempt (None: never tried)."""
    rejections: tuple[state.Rejection, ...]
    history: tuple[state.HistoryEntry, ...]
    clocks: ClockReport
    """This desk's offset from the server and the other desks' clocks, with their warnings."""
    deferred: tuple[Deferred, ...] = ()
    """Events received from elsewhere whose projection waits for what they refer to."""
    last_restore: state.RestoreNotice | None = None
    """The last time a sync found this desk restored from a backup and brought its events back."""


def read_status(database: Database, device_id: str, history_limit: int = 100) -> SyncStatus:
    with database.read() as conn:
        enrollment = state.load_enrollment(conn)
        history = state.list_history(conn, history_limit)
        return SyncStatus(
            enrolled=enrollment is not None,
            server_url=enrollment.server_url if enrollment else "",
            organization=enrollment.organization if enrollment else "",
            blocked_reason=enrollment.blocked_reason if enrollment else None,
            waiting=state.waiting_count(conn),
            last_success_ms=state.last_success_ms(conn),
            last_attempt_ms=history[0].finished_at_ms if history else None,
            last_reachable=history[0].reachable if history else None,
            rejections=tuple(state.list_rejections(conn)),
            history=tuple(history),
            clocks=clock_report(conn, device_id),
            deferred=tuple(list_deferred(conn)),
            last_restore=state.last_restore(conn),
        )
