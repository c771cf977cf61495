"""``GET /v1/directory`` and ``POST /v1/meetings/{id}/join``: choosing the meetings a desk holds."""

from __future__ import annotations

from fastapi import APIRouter

from sync.membership import DIRECTORY_PATH, JOIN_SUFFIX, JoinResponse, MeetingDirectory
from sync.protocol import MEETINGS_PATH
from sync.server import members
from sync.server.api.meetings import ONE_MEETING, MeetingId
from sync.server.deps import DatabaseDep, DeviceDep
from sync.server.errors import AUTHENTICATED, error_responses

router = APIRouter(tags=["meetings"])


@router.get(
    DIRECTORY_PATH, response_model=MeetingDirectory, responses=error_responses(*AUTHENTICATED)
)
def directory(device: DeviceDep, database: DatabaseDep) -> MeetingDirectory:
    """The organization's meetings by title, dates and place: nothing about the people in them."""
    with database.read() as conn:
        return members.directory(conn, device)


@router.post(
    MEETINGS_PATH + "/{meeting_id}" + JOIN_SUFFIX,
    response_model=JoinResponse,
    responses=ONE_MEETING,
)
def join(meeting_id: MeetingId, device: DeviceDep, database: DatabaseDep) -> JoinResponse:
    """This desk takes part in the meeting: its next pulls bring the meeting's events."""
    with database.write() as conn:
        return members.join(conn, device, meeting_id)
