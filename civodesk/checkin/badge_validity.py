"""How long a badge admits: until its meeting's end plus the meeting's margin.

A badge is printed days ahead and has no start date (it names its meeting already); it expires
``badge_margin_days`` days after the meeting's end, so a meeting that runs late or resumes the next
morning still admits, while a badge from an old meeting never does. The end is the meeting's
current one (a rescheduled meeting moves its badges' expiry with it), and "now" is the desk's clock
(``Journal.clock``), so tests set the date instead of depending on today's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from civodesk.clock import ms_to_datetime
from civodesk.i18n import _
from civodesk.meetings.handlers import meetings


def valid_until(ends_at: datetime, margin_days: int) -> datetime:
    return ends_at + timedelta(days=margin_days)


def meeting_badges_valid_until(conn: Connection, meeting_id: str) -> datetime | None:
    row = conn.execute(
        select(meetings.c.ends_at, meetings.c.badge_margin_days).where(meetings.c.id == meeting_id)
    ).one_or_none()
    if row is None:
        return None
    return valid_until(datetime.fromisoformat(row.ends_at), row.badge_margin_days)


def expiry_advice(until: datetime) -> str:
    """The sentence shown after "Badge expiré", in the meeting's own time zone."""
    return _("Il était valable jusqu'au {date} à {time}.").format(
        date=until.strftime("%d/%m/%Y"), time=until.strftime("%H:%M")
    )


def expired_at(conn: Connection, meeting_id: str, now_ms: int) -> datetime | None:
    """When this meeting's badges expired, if they have by ``now_ms``; otherwise None."""
    until = meeting_badges_valid_until(conn, meeting_id)
    if until is None or ms_to_datetime(now_ms) <= until:
        return None
    return until
