"""What the central team sees: meetings, attendance, journal summary, fingerprint, health, OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from civodesk.participants.participant import ParticipantFields
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    MEETINGS_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    AttendanceView,
    ErrorCode,
    EventSummary,
    FingerprintResponse,
    MeetingList,
    MeetingSummary,
    bearer,
)
from sync.server.app import create_app
from sync.server.errors import install_error_handlers
from sync.server.settings import ServerSettings
from tests.core.desks import open_desk, send
from tests.factories import meeting_fields
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import ServerApi

DeskFactory = Callable[..., SyncDesk]


def test_meeting_views_follow_the_servers_projections(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    services = desk.services
    meeting = services.meetings.create_meeting(
        meeting_fields(title="Atelier : la nouvelle école")
    ).meeting_id
    services.participants.register_many(
        meeting,
        [
            ParticipantFields("Awa", "Diallo", commune="Mana", age_bracket="26-40"),
            ParticipantFields("Marc", "Lefèvre", commune="Mana", age_bracket="41-60"),
            ParticipantFields("Inès", "Robert", commune="Awala-Yalimapo", age_bracket="26-40"),
        ],
    )
    removed = services.participants.list_participants(meeting)[0]
    services.participants.remove_participant(meeting, removed.id)
    fill_meeting(desk, meeting_id=meeting, participants=0, idea_count=4)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())
    get = server_api.client.get

    listing = MeetingList.model_validate(get(MEETINGS_PATH, headers=device.headers).json())
    (summary,) = listing.meetings
    assert summary.title == "Atelier : la nouvelle école"
    assert summary.event_count == len(desk.events())
    assert summary.device_count == 1
    assert summary.first_pushed_by == desk.device_id
    assert summary.status == "draft"
    assert summary.deleted is False
    single = get(f"{MEETINGS_PATH}/{meeting}", headers=device.headers).json()
    assert MeetingSummary.model_validate(single) == summary

    attendance = AttendanceView.model_validate(
        get(f"{MEETINGS_PATH}/{meeting}/attendance", headers=device.headers).json()
    )
    assert (attendance.registered, attendance.removed) == (2, 1)
    assert sum(c.count for c in attendance.by_age_bracket) == 2
    assert {c.key for c in attendance.by_commune} <= {"Mana", "Awala-Yalimapo"}
    assert attendance.check_in_events == 0

    summary_view = EventSummary.model_validate(
        get(f"{MEETINGS_PATH}/{meeting}/events/summary", headers=device.headers).json()
    )
    by_type = {c.key: c.count for c in summary_view.by_type}
    assert by_type["participant.registered"] == 3
    assert by_type["idea.captured"] == 4
    assert by_type["meeting.created"] == 1
    assert summary_view.by_device[0].key == desk.device_id
    assert summary_view.event_count == len(desk.events())
    assert summary_view.first_hlc == min(e.hlc for e in desk.events())

    fingerprint = FingerprintResponse.model_validate(
        get(f"{MEETINGS_PATH}/{meeting}/fingerprint", headers=device.headers).json()
    )
    assert fingerprint.fingerprint == services.journal_tools.fingerprint(meeting)
    assert fingerprint.event_count == len(desk.events())


def test_check_ins_appear_in_attendance(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """Check-in events pushed by a desk are projected and counted on the server."""
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=6, idea_count=0)
    services = desk.services
    people = services.participants.list_participants(meeting)
    for person in people[:3]:
        services.checkin.check_in(meeting, person.id)
    services.checkin.check_in(meeting, people[0].id)  # twice: flagged as a duplicate
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())

    attendance = AttendanceView.model_validate(
        server_api.client.get(
            f"{MEETINGS_PATH}/{meeting}/attendance", headers=device.headers
        ).json()
    )
    assert attendance.checked_in == 3
    assert attendance.present_now == 3
    assert attendance.duplicate_check_ins == 1
    assert attendance.check_in_events >= 4


def test_the_server_counts_present_people_as_the_desk_does(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """Someone checked in, then removed from the list, no longer counts as present: on the desk
    and on the server alike (both use civodesk.checkin.attendance_rules)."""
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=4, idea_count=0)
    services = desk.services
    people = services.participants.list_participants(meeting)
    for person in people[:3]:
        services.checkin.check_in(meeting, person.id)
    services.participants.remove_participant(meeting, people[0].id)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())

    attendance = AttendanceView.model_validate(
        server_api.client.get(
            f"{MEETINGS_PATH}/{meeting}/attendance", headers=device.headers
        ).json()
    )
    assert services.checkin.attendance(meeting).present == 2
    assert attendance.present_now == 2
    assert attendance.checked_in == 3  # the attendance rows stay: the removal can be undone


def test_health_and_openapi_need_no_token(server_api: ServerApi) -> None:
    health = server_api.client.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["protocol_version"] == PROTOCOL_VERSION
    assert health.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
    schema = server_api.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/health",
        "/v1/enroll",
        "/v1/device",
        "/v1/push",
        "/v1/pull",
        "/v1/meetings",
        "/v1/meetings/{meeting_id}/fingerprint",
        "/v1/meetings/{meeting_id}/attendance",
        "/v1/meetings/{meeting_id}/events/summary",
    ):
        assert path in paths, path
    push_body = paths["/v1/push"]["post"]["requestBody"]["content"]
    assert BATCH_MEDIA_TYPE in push_body
    assert "WireRun" in schema["components"]["schemas"]
    assert "EventBatch" in schema["components"]["schemas"]


def test_health_reports_an_unreachable_database() -> None:
    settings = ServerSettings(database_url="postgresql://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings, migrate=False)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["status"] == "degraded"


def test_requests_while_the_database_is_down_get_a_retryable_503() -> None:
    settings = ServerSettings(database_url="postgresql://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings, migrate=False)) as client:
        response = client.get("/v1/device", headers=bearer("cdt_any"))
    assert response.status_code == 503
    assert response.json()["error"] == ErrorCode.SERVER_ERROR
    assert response.headers[RETRY_AFTER_HEADER] == "5"


def test_the_server_counts_two_desks_proxies_for_one_person_once_and_flags_the_conflict(
    server_api: ServerApi, tmp_path: Path
) -> None:
    """The desks' rule on the server: the proxy recorded first counts, the other is a conflict."""
    entrance = open_desk(tmp_path / "entrance.db", "entrée")
    hall = open_desk(tmp_path / "hall.db", "salle", start_ms=1_764_150_000_007)
    try:
        meeting = entrance.services.meetings.create_meeting(meeting_fields()).meeting_id
        people = [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")]
        people.append(ParticipantFields("Hélène", "Dupré"))
        entrance.services.participants.register_many(meeting, people, "")
        ids = {p.last_name: p.id for p in entrance.services.participants.list_participants(meeting)}
        send(entrance, hall)
        entrance.services.checkin.check_in(meeting, ids["Martin"])
        entrance.services.checkin.grant_proxy(meeting, ids["Diallo"], ids["Martin"])
        hall.clock.advance(60_000)
        hall.services.checkin.check_in(meeting, ids["Dupré"])
        hall.services.checkin.grant_proxy(meeting, ids["Diallo"], ids["Dupré"])
        device = server_api.enroll(
            server_api.organization("Commune de Saint-Laurent-du-Maroni"), entrance.device_id
        )
        own = [e for e in hall.events(meeting) if e.device_id == hall.device_id]
        server_api.push(device, entrance.events() + own)
        attendance = AttendanceView.model_validate(
            server_api.client.get(
                f"{MEETINGS_PATH}/{meeting}/attendance", headers=device.headers
            ).json()
        )
        assert (attendance.proxies_in_force, attendance.rule_conflicts) == (1, 1)
    finally:
        entrance.close()
        hall.close()


def test_an_exhausted_connection_pool_is_a_retryable_503_not_a_500() -> None:
    """Seen with 50 desks pushing into one organization on a loaded machine: every connection
    waited on the organization's counter past the pool's timeout."""
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/busy")
    def busy() -> None:
        raise PoolTimeoutError("QueuePool limit of size 10 overflow 10 reached")

    with TestClient(app) as client:
        response = client.get("/busy")
    assert response.status_code == 503
    assert response.json()["error"] == ErrorCode.SERVER_ERROR
    assert response.headers[RETRY_AFTER_HEADER] == "5"
