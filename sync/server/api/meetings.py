"""``GET /v1/meetings…``: the organization's meetings, attendance, journal summary, fingerprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter
from sqlalchemy import Connection

from sync.protocol import (
    MEETINGS_PATH,
    AttendanceView,
    EventSummary,
    FingerprintResponse,
    MeetingList,
    MeetingSummary,
)
from sync.server import views
from sync.server.auth import AuthenticatedDevice
from sync.server.db import ServerDatabase
from sync.server.deps import DatabaseDep, DeviceDep

router = APIRouter(prefix=MEETINGS_PATH, tags=["meetings"])

View = TypeVar("View")


def _read(
    database: ServerDatabase,
    device: AuthenticatedDevice,
    meeting_id: str,
    view: Callable[[Connection, AuthenticatedDevice, str], View],
) -> View:
    with database.read() as conn:
        return view(conn, device, meeting_id)


@router.get("", response_model=MeetingList)
def list_meetings(device: DeviceDep, database: DatabaseDep) -> MeetingList:
    with database.read() as conn:
        return views.list_meetings(conn, device)


@router.get("/{meeting_id}", response_model=MeetingSummary)
def meeting(meeting_id: str, device: DeviceDep, database: DatabaseDep) -> MeetingSummary:
    return _read(database, device, meeting_id, views.meeting_summary)


@router.get("/{meeting_id}/attendance", response_model=AttendanceView)
def attendance(meeting_id: str, device: DeviceDep, database: DatabaseDep) -> AttendanceView:
    return _read(database, device, meeting_id, views.attendance)


@router.get("/{meeting_id}/events/summary", response_model=EventSummary)
def event_summary(meeting_id: str, device: DeviceDep, database: DatabaseDep) -> EventSummary:
    return _read(database, device, meeting_id, views.event_summary)


@router.get("/{meeting_id}/fingerprint", response_model=FingerprintResponse)
def fingerprint(meeting_id: str, device: DeviceDep, database: DatabaseDep) -> FingerprintResponse:
    return _read(database, device, meeting_id, views.fingerprint)
