"""Read-only views of an organization's meetings, from the journal and the core's projections.

The attendance counts look the check-in tables up by name so they work whether or not that
feature's migration has run; the check-in and proxy lists read the same tables (the core migration
0003 creates them on every server). Lists that grow with the meeting are paginated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Row,
    Select,
    column,
    func,
    inspect,
    select,
    table,
)
from sqlalchemy.sql.expression import true

from civodesk.checkin.attendance_rules import present_count, proxy_counts, rule_breaches
from civodesk.checkin.tables import Proxy, Scan
from civodesk.db.schema import table_of
from civodesk.ideas.tables import Idea
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import events_table
from civodesk.meetings.tables import AgendaItem, Meeting
from civodesk.participants.tables import Participant
from sync.protocol import (
    AgendaItemView,
    AgendaView,
    AttendanceView,
    CheckInList,
    CheckInView,
    CountByKey,
    ErrorCode,
    EventSummary,
    FingerprintResponse,
    IdeaList,
    IdeaView,
    MeetingList,
    MeetingSummary,
    PageInfo,
    ProxyList,
    ProxyView,
)
from sync.server.auth import AuthenticatedDevice
from sync.server.errors import ApiError
from sync.server.tables import meetings as server_meetings
from sync.server.tables import members

meetings_table = table_of(Meeting)
participants_table = table_of(Participant)
agenda_table = table_of(AgendaItem)
ideas_table = table_of(Idea)
scans_table = table_of(Scan)
proxies_table = table_of(Proxy)
CHECK_IN_EVENT_PREFIX = "checkin."


def require_meeting(conn: Connection, device: AuthenticatedDevice, meeting_id: str) -> None:
    """404 for a meeting the server never received and, word for word, for another
    organization's: an answer never tells which ids exist elsewhere."""
    owner = conn.execute(
        select(server_meetings.c.organization_id).where(server_meetings.c.meeting_id == meeting_id)
    ).scalar()
    if owner != device.organization_id:
        raise ApiError(404, ErrorCode.NOT_FOUND, "no such meeting on this server")


def require_member(conn: Connection, device: AuthenticatedDevice, meeting_id: str) -> None:
    """What a meeting's journal holds is read only by the desks that hold the meeting (pull sends
    them its events anyway); another desk of the organization, which sees the meeting in the
    directory, is told to join it (403), anyone else gets :func:`require_meeting`'s 404."""
    require_meeting(conn, device, meeting_id)
    joined = conn.execute(
        select(members.c.meeting_id).where(
            members.c.meeting_id == meeting_id, members.c.device_id == device.device_id
        )
    ).first()
    if joined is None:
        raise ApiError(
            403,
            ErrorCode.NOT_JOINED,
            "this desk does not take part in the meeting; join it (POST /v1/meetings/{id}/join)",
        )


def _summaries(
    conn: Connection, organization_id: str, meeting_id: str | None
) -> list[MeetingSummary]:
    counts = (
        select(
            events_table.c.meeting_id,
            func.count().label("event_count"),
            func.count(func.distinct(events_table.c.device_id)).label("device_count"),
        )
        .group_by(events_table.c.meeting_id)
        .subquery()
    )
    query = (
        select(
            server_meetings.c.meeting_id,
            server_meetings.c.first_device_id,
            server_meetings.c.received_at,
            meetings_table.c.title,
            meetings_table.c.place,
            meetings_table.c.starts_at,
            meetings_table.c.status,
            meetings_table.c.deleted,
            func.coalesce(counts.c.event_count, 0).label("event_count"),
            func.coalesce(counts.c.device_count, 0).label("device_count"),
        )
        .outerjoin(meetings_table, meetings_table.c.id == server_meetings.c.meeting_id)
        .outerjoin(counts, counts.c.meeting_id == server_meetings.c.meeting_id)
        .where(server_meetings.c.organization_id == organization_id)
        .order_by(meetings_table.c.starts_at.desc(), server_meetings.c.meeting_id)
    )
    if meeting_id is not None:
        query = query.where(server_meetings.c.meeting_id == meeting_id)
    return [
        MeetingSummary(
            meeting_id=row.meeting_id,
            title=row.title,
            place=row.place,
            starts_at=row.starts_at,
            status=row.status,
            event_count=row.event_count,
            device_count=row.device_count,
            first_pushed_by=row.first_device_id,
            received_at=row.received_at,
            deleted=bool(row.deleted),
        )
        for row in conn.execute(query)
    ]


def list_meetings(conn: Connection, device: AuthenticatedDevice) -> MeetingList:
    return MeetingList(
        organization_id=device.organization_id,
        meetings=_summaries(conn, device.organization_id, None),
    )


def meeting_summary(
    conn: Connection, device: AuthenticatedDevice, meeting_id: str
) -> MeetingSummary:
    require_meeting(conn, device, meeting_id)
    return _summaries(conn, device.organization_id, meeting_id)[0]


def _counts(
    conn: Connection, key: ColumnElement[Any], where: ColumnElement[bool]
) -> list[CountByKey]:
    rows = conn.execute(
        select(key, func.count()).where(where).group_by(key).order_by(func.count().desc(), key)
    )
    return [CountByKey(key=str(value) if value is not None else "", count=n) for value, n in rows]


def event_summary(conn: Connection, meeting_id: str) -> EventSummary:
    of_meeting = events_table.c.meeting_id == meeting_id
    total, first_hlc, last_hlc = conn.execute(
        select(func.count(), func.min(events_table.c.hlc), func.max(events_table.c.hlc)).where(
            of_meeting
        )
    ).one()
    return EventSummary(
        meeting_id=meeting_id,
        event_count=total,
        by_type=_counts(conn, events_table.c.type, of_meeting),
        by_device=_counts(conn, events_table.c.device_id, of_meeting),
        first_hlc=first_hlc,
        last_hlc=last_hlc,
    )


def attendance(conn: Connection, meeting_id: str) -> AttendanceView:
    people = participants_table.c
    of_meeting = people.meeting_id == meeting_id
    registered, removed = conn.execute(
        select(
            func.count().filter(people.removed.is_not(true())),
            func.count().filter(people.removed.is_(true())),
        ).where(of_meeting)
    ).one()
    current = of_meeting & people.removed.is_not(true())
    check_in_events = conn.execute(
        select(func.count()).where(
            events_table.c.meeting_id == meeting_id,
            events_table.c.type.startswith(CHECK_IN_EVENT_PREFIX),
        )
    ).scalar_one()
    checked_in = present_now = duplicates = None
    existing = set(inspect(conn).get_table_names())
    if "attendance" in existing:
        rows = table("attendance", column("meeting_id"))
        checked_in = conn.execute(
            select(func.count()).where(rows.c.meeting_id == meeting_id)
        ).scalar_one()
        present_now = present_count(conn, meeting_id)  # the desk's rule: registered and inside
    if "scans" in existing:
        scans = table("scans", column("meeting_id"), column("duplicate", Boolean))
        duplicates = conn.execute(
            select(func.count()).where(
                scans.c.meeting_id == meeting_id, scans.c.duplicate.is_(true())
            )
        ).scalar_one()
    proxies_in_force = rule_conflicts = None
    if {"attendance", "proxies", "badges", "scans"} <= existing:
        proxies_in_force = proxy_counts(conn, meeting_id)[0]  # the rules the desks apply
        rule_conflicts = len(rule_breaches(conn, meeting_id))
    return AttendanceView(
        meeting_id=meeting_id,
        registered=registered,
        removed=removed,
        checked_in=checked_in,
        check_in_events=check_in_events,
        by_age_bracket=_counts(conn, people.age_bracket, current),
        by_commune=_counts(conn, people.commune, current),
        present_now=present_now,
        duplicate_check_ins=duplicates,
        proxies_in_force=proxies_in_force,
        rule_conflicts=rule_conflicts,
    )


def fingerprint(conn: Connection, meeting_id: str) -> FingerprintResponse:
    count = conn.execute(
        select(func.count()).where(events_table.c.meeting_id == meeting_id)
    ).scalar_one()
    return FingerprintResponse(
        meeting_id=meeting_id,
        fingerprint=meeting_fingerprint(conn, meeting_id),
        event_count=count,
    )


def agenda(conn: Connection, meeting_id: str) -> AgendaView:
    items = agenda_table.c
    rows = conn.execute(
        select(items.id, items.title, items.duration_minutes)
        .where(items.meeting_id == meeting_id, items.removed.is_not(true()))
        .order_by(items.position, items.id)
    )
    return AgendaView(
        meeting_id=meeting_id,
        items=[
            AgendaItemView(
                item_id=row.id, index=index, title=row.title, duration_minutes=row.duration_minutes
            )
            for index, row in enumerate(rows)
        ],
    )


def _page(
    conn: Connection, query: Select[Any], offset: int, limit: int
) -> tuple[PageInfo, Sequence[Row[Any]]]:
    """One page of ``query`` (already ordered) and the total it was cut from."""
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = conn.execute(query.offset(offset).limit(limit)).all()
    return PageInfo(total=total.scalar_one(), offset=offset, limit=limit), rows


def check_ins(conn: Connection, meeting_id: str, offset: int, limit: int) -> CheckInList:
    """Scans and check-outs by participant id; the scanned text (``excerpt``) never leaves."""
    scans = scans_table.c
    page, rows = _page(
        conn,
        select(
            scans.event_id,
            scans.participant_id,
            scans.device_id,
            scans.device_time_ms,
            scans.direction,
            scans.method,
            scans.accepted,
            scans.reason,
            scans.duplicate,
        )
        .where(scans.meeting_id == meeting_id)
        .order_by(scans.hlc, scans.event_id),
        offset,
        limit,
    )
    return CheckInList(
        meeting_id=meeting_id,
        page=page,
        check_ins=[
            CheckInView(
                event_id=row.event_id,
                participant_id=row.participant_id,
                device_id=row.device_id,
                device_time_ms=row.device_time_ms,
                direction=row.direction,
                method=row.method,
                accepted=bool(row.accepted),
                reason=row.reason,
                duplicate=bool(row.duplicate),
            )
            for row in rows
        ],
    )


def proxies(conn: Connection, meeting_id: str, offset: int, limit: int) -> ProxyList:
    held = proxies_table.c
    page, rows = _page(
        conn,
        select(held.id, held.giver_id, held.holder_id, held.granted_hlc, held.revoked)
        .where(held.meeting_id == meeting_id)
        .order_by(held.granted_hlc, held.id),
        offset,
        limit,
    )
    return ProxyList(
        meeting_id=meeting_id,
        page=page,
        proxies=[
            ProxyView(
                proxy_id=row.id,
                giver_id=row.giver_id,
                holder_id=row.holder_id,
                granted_hlc=row.granted_hlc,
                revoked=bool(row.revoked),
            )
            for row in rows
        ],
    )


def ideas(conn: Connection, meeting_id: str, offset: int, limit: int) -> IdeaList:
    captured = ideas_table.c
    page, rows = _page(
        conn,
        select(
            captured.id,
            captured.text,
            captured.source,
            captured.agenda_item_id,
            captured.captured_hlc,
        )
        .where(captured.meeting_id == meeting_id, captured.removed.is_not(true()))
        .order_by(captured.captured_hlc, captured.id),
        offset,
        limit,
    )
    return IdeaList(
        meeting_id=meeting_id,
        page=page,
        ideas=[
            IdeaView(
                idea_id=row.id,
                text=row.text,
                source=row.source,
                agenda_item_id=row.agenda_item_id,
                captured_hlc=row.captured_hlc,
            )
            for row in rows
        ],
    )
