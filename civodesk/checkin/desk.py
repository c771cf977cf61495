"""What every part of the check-in desk shares: its database and journal, and the meeting guard.

The desk is split by concern (``badges``, ``admission``, ``proxies``, ``attendance``); each part is a
``DeskPart`` bound to the same database and journal, and ``civodesk.checkin.service`` joins them.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from civodesk.db.database import Database
from civodesk.journal.store import Journal
from civodesk.meetings.guards import MeetingClosedError, MeetingNotFoundError
from civodesk.meetings.handlers import meetings
from civodesk.meetings.meeting import MeetingStatus
from civodesk.participants.handlers import participants_table as participants

CHECKIN_TOPICS = frozenset({"attendance", "checkin"})
BADGE_TOPICS = frozenset({"badges"})


class DeskPart:
    """One concern of the desk, bound to the open database and this device's journal."""

    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal


def require_meeting(conn: Connection, meeting_id: str, *, writable: bool) -> str:
    """The meeting's status; raises if it does not exist, or is closed when ``writable``."""
    status = conn.execute(
        select(meetings.c.status).where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
    ).scalar()
    if status is None:
        raise MeetingNotFoundError(meeting_id)
    if writable and status == MeetingStatus.CLOSED:
        raise MeetingClosedError()
    return str(status)


def is_closed(conn: Connection, meeting_id: str) -> bool:
    return require_meeting(conn, meeting_id, writable=False) == MeetingStatus.CLOSED


def join_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def display_name(conn: Connection, participant_id: str) -> str:
    row = conn.execute(
        select(participants.c.first_name, participants.c.last_name).where(
            participants.c.id == participant_id
        )
    ).one_or_none()
    if row is None:
        return ""
    return join_name(row.first_name, row.last_name)
