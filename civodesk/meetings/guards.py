"""What every change to a meeting checks first: that it exists, is open to changes, and is valid."""

from __future__ import annotations

from sqlalchemy import Connection, select

from civodesk.i18n import _
from civodesk.meetings.handlers import meetings
from civodesk.meetings.meeting import FieldError, MeetingStatus, ValidationError


class MeetingNotFoundError(LookupError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(_("Réunion introuvable : {id}").format(id=meeting_id))


class MeetingClosedError(PermissionError):
    """A closed meeting is read-only until someone reopens it explicitly."""

    def __init__(self) -> None:
        super().__init__(_("Cette réunion est close : rouvrez-la explicitement pour la modifier."))


def require_editable(conn: Connection, meeting_id: str) -> None:
    """Refuse a change to an unknown, deleted or closed (read-only) meeting, inside its transaction.

    Every service that changes what belongs to a meeting calls it, so "closed means read-only"
    holds for participants and ideas as well as for the meeting itself.
    """
    status = conn.execute(
        select(meetings.c.status).where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
    ).scalar()
    if status is None:
        raise MeetingNotFoundError(meeting_id)
    if status == MeetingStatus.CLOSED:
        raise MeetingClosedError()


def require_valid(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)
