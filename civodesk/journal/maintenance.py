"""Journal maintenance: verification, rebuild, and the meeting fingerprint."""

from __future__ import annotations

from civodesk.db.database import Database
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.store import Journal
from civodesk.journal.verify import VerificationReport, verify_journal


class JournalService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def verify(self, meeting_id: str | None = None) -> VerificationReport:
        with self._db.read() as conn:
            return verify_journal(conn, meeting_id, device=self._journal.device)

    def rebuild(self) -> int:
        with self._db.write() as conn:
            return rebuild_projections(conn, self._journal.registry)

    def fingerprint(self, meeting_id: str) -> str:
        with self._db.read() as conn:
            return meeting_fingerprint(conn, meeting_id)
