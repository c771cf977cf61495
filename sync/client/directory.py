"""The territory's meetings on the server, and joining one so that the next sync brings it.

A desk holds only the meetings it takes part in. ``remote_meetings`` asks the server for its
organization's meetings (title, dates, place: nothing about the people in them); ``join_meeting``
makes this desk take part in one. The server then serves the meeting's events, the earlier ones
included, to the next pulls, and takes this desk's own events of it again: the events set aside as
``not_joined`` go back in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import delete

from civodesk.i18n import _
from civodesk.services import Services
from sync.client import schema, state
from sync.client.retry import RetryPolicy
from sync.client.transport import RequestRefusedError, ServerConnection, SyncError
from sync.membership import DIRECTORY_PATH, JoinResponse, MeetingDirectory, join_path
from sync.protocol import ErrorCode, RejectionCode


class NotEnrolledError(SyncError):
    """This desk has no server to ask."""


@dataclass(frozen=True)
class RemoteMeeting:
    meeting_id: str
    title: str
    place: str
    starts_at: str
    ends_at: str
    joined: bool


@dataclass(frozen=True)
class JoinResult:
    meeting_id: str
    already: bool
    requeued: int
    """Events of this desk set aside because it had not joined, now back in the queue."""


def _connection(services: Services, policy: RetryPolicy | None) -> ServerConnection:
    schema.ensure_schema(services.database)
    with services.database.read() as conn:
        enrollment = state.load_enrollment(conn)
    if enrollment is None:
        raise NotEnrolledError(
            _(
                "Ce poste n'est inscrit auprès d'aucun serveur : inscrivez-le d'abord "
                "(civodesk enroll --server URL --code CODE)."
            )
        )
    return ServerConnection(enrollment.server_url, enrollment.device_token, policy=policy)


def remote_meetings(services: Services, policy: RetryPolicy | None = None) -> list[RemoteMeeting]:
    """The organization's meetings as the server lists them, latest start first."""
    with _connection(services, policy) as server:
        response = server.request("GET", DIRECTORY_PATH)
        server.raise_for_refusal(response)
        try:
            body = MeetingDirectory.model_validate_json(response.content)
        except ValidationError as error:
            raise SyncError(_("Réponse inattendue du serveur à la liste des réunions.")) from error
    return [
        RemoteMeeting(
            meeting_id=entry.meeting_id,
            title=entry.title,
            place=entry.place,
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
            joined=entry.joined,
        )
        for entry in body.meetings
    ]


def join_meeting(
    services: Services, meeting_id: str, policy: RetryPolicy | None = None
) -> JoinResult:
    """Take part in a meeting of the organization; its events arrive with the next sync."""
    with _connection(services, policy) as server:
        response = server.request("POST", join_path(meeting_id))
        if response.status_code in (404, 422):
            raise RequestRefusedError(
                _(
                    "Le serveur ne connaît pas la réunion {meeting} dans votre collectivité ; "
                    "vérifiez l'identifiant avec « civodesk remote-meetings »."
                ).format(meeting=meeting_id),
                response.status_code,
                ErrorCode.NOT_FOUND,
            )
        server.raise_for_refusal(response)
        try:
            body = JoinResponse.model_validate_json(response.content)
        except ValidationError as error:
            raise SyncError(
                _("Réponse inattendue du serveur à la demande de rejoindre.")
            ) from error
    with services.database.write() as conn:
        requeued = conn.execute(
            delete(state.rejections_table).where(
                state.rejections_table.c.meeting_id == meeting_id,
                state.rejections_table.c.reason.startswith(f"{RejectionCode.NOT_JOINED}: "),
            )
        ).rowcount
    return JoinResult(meeting_id=meeting_id, already=body.already, requeued=int(requeued))
