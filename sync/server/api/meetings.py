"""``GET /v1/meetings…``: the organization's meetings and what their journals hold.

Agenda, check-ins, proxies, ideas, attendance counts, journal summary, fingerprint and the minutes
PDF; every view answers 404, the same way, for an unknown meeting and for another organization's.
What a meeting's journal holds is read only by the desks that take part in it (:data:`JoinedMeeting`,
403 ``not_joined`` for another desk of the organization); the meeting list and a meeting's summary,
the same row, are the organization's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy import Connection

from civodesk.journal.payload_schema import ID_PATTERN
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import read_meeting_record
from civodesk.minutes.service import render_record
from sync.protocol import (
    DEFAULT_VIEW_PAGE_LIMIT,
    MAX_VIEW_OFFSET,
    MAX_VIEW_PAGE_LIMIT,
    MEETINGS_PATH,
    AgendaView,
    AttendanceView,
    CheckInList,
    EventSummary,
    FingerprintResponse,
    IdeaList,
    MeetingList,
    MeetingSummary,
    ProxyList,
)
from sync.server import views
from sync.server.db import ServerDatabase
from sync.server.deps import DatabaseDep, DeviceDep
from sync.server.errors import AUTHENTICATED, error_responses

router = APIRouter(prefix=MEETINGS_PATH, tags=["meetings"])
ONE_MEETING = error_responses(*AUTHENTICATED, 404)

View = TypeVar("View")
MeetingId = Annotated[str, Path(min_length=1, max_length=36, pattern=f"^{ID_PATTERN.pattern}$")]
Offset = Annotated[int, Query(ge=0, le=MAX_VIEW_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=MAX_VIEW_PAGE_LIMIT)]


def joined_meeting(meeting_id: MeetingId, device: DeviceDep, database: DatabaseDep) -> str:
    """The one check of every view of a meeting's journal: the calling desk takes part in it."""
    with database.read() as conn:
        views.require_member(conn, device, meeting_id)
    return meeting_id


JoinedMeeting = Annotated[str, Depends(joined_meeting)]
"""A meeting id the calling desk takes part in (404 for an unknown one, 403 if not joined)."""


def _read(
    database: ServerDatabase, meeting_id: str, view: Callable[[Connection, str], View]
) -> View:
    with database.read() as conn:
        return view(conn, meeting_id)


def _read_page(
    database: ServerDatabase,
    meeting_id: str,
    view: Callable[[Connection, str, int, int], View],
    offset: int,
    limit: int,
) -> View:
    with database.read() as conn:
        return view(conn, meeting_id, offset, limit)


@router.get("", response_model=MeetingList, responses=error_responses(*AUTHENTICATED))
def list_meetings(device: DeviceDep, database: DatabaseDep) -> MeetingList:
    with database.read() as conn:
        return views.list_meetings(conn, device)


@router.get("/{meeting_id}", response_model=MeetingSummary, responses=ONE_MEETING)
def meeting(meeting_id: MeetingId, device: DeviceDep, database: DatabaseDep) -> MeetingSummary:
    with database.read() as conn:
        return views.meeting_summary(conn, device, meeting_id)


@router.get("/{meeting_id}/attendance", response_model=AttendanceView, responses=ONE_MEETING)
def attendance(meeting_id: JoinedMeeting, database: DatabaseDep) -> AttendanceView:
    return _read(database, meeting_id, views.attendance)


@router.get("/{meeting_id}/events/summary", response_model=EventSummary, responses=ONE_MEETING)
def event_summary(meeting_id: JoinedMeeting, database: DatabaseDep) -> EventSummary:
    return _read(database, meeting_id, views.event_summary)


@router.get("/{meeting_id}/fingerprint", response_model=FingerprintResponse, responses=ONE_MEETING)
def fingerprint(meeting_id: JoinedMeeting, database: DatabaseDep) -> FingerprintResponse:
    return _read(database, meeting_id, views.fingerprint)


@router.get("/{meeting_id}/agenda", response_model=AgendaView, responses=ONE_MEETING)
def agenda(meeting_id: JoinedMeeting, database: DatabaseDep) -> AgendaView:
    return _read(database, meeting_id, views.agenda)


@router.get("/{meeting_id}/checkins", response_model=CheckInList, responses=ONE_MEETING)
def check_ins(
    meeting_id: JoinedMeeting,
    database: DatabaseDep,
    offset: Offset = 0,
    limit: Limit = DEFAULT_VIEW_PAGE_LIMIT,
) -> CheckInList:
    return _read_page(database, meeting_id, views.check_ins, offset, limit)


@router.get("/{meeting_id}/proxies", response_model=ProxyList, responses=ONE_MEETING)
def proxies(
    meeting_id: JoinedMeeting,
    database: DatabaseDep,
    offset: Offset = 0,
    limit: Limit = DEFAULT_VIEW_PAGE_LIMIT,
) -> ProxyList:
    return _read_page(database, meeting_id, views.proxies, offset, limit)


@router.get("/{meeting_id}/ideas", response_model=IdeaList, responses=ONE_MEETING)
def ideas(
    meeting_id: JoinedMeeting,
    database: DatabaseDep,
    offset: Offset = 0,
    limit: Limit = DEFAULT_VIEW_PAGE_LIMIT,
) -> IdeaList:
    return _read_page(database, meeting_id, views.ideas, offset, limit)


@router.get(
    "/{meeting_id}/minutes.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ONE_MEETING},
)
def minutes_pdf(
    meeting_id: JoinedMeeting,
    database: DatabaseDep,
    kind: MinutesKind = MinutesKind.COMPTE_RENDU,
    lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
    names: bool = True,
) -> Response:
    """The minutes PDF, the same bytes as the desk's for the same journal (civodesk.minutes)."""
    with database.read() as conn:
        record = read_meeting_record(conn, meeting_id, lang)
    options = MinutesOptions(kind=kind, language=lang, with_names=names)
    rendered = render_record(record, options)
    return Response(
        rendered.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{kind.value}-{meeting_id}.pdf"'},
    )
