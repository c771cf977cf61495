"""Every request is authenticated, speaks protocol 1, and sees only its organization's data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from sync.batch_codec import encode_batch
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    DEVICE_PATH,
    MEETINGS_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    ErrorCode,
    RejectionCode,
    bearer,
)
from sync.server.admin import revoke_device
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[..., SyncDesk]


@dataclass
class TwoOrganizations:
    api: ServerApi
    mana: EnrolledDevice
    awala: EnrolledDevice
    mana_meeting: str
    awala_meeting: str
    mana_desk: SyncDesk


@pytest.fixture
def two_orgs(server_api: ServerApi, sync_desk_factory: DeskFactory) -> TwoOrganizations:
    mana_desk, awala_desk = sync_desk_factory("mana"), sync_desk_factory("awala")
    mana_meeting = fill_meeting(mana_desk, participants=5, idea_count=2)
    awala_meeting = fill_meeting(awala_desk, participants=4, idea_count=1, seed=2)
    mana = server_api.enroll(server_api.organization("Commune de Mana"), mana_desk.device_id)
    awala = server_api.enroll(server_api.organization("Commune d'Awala"), awala_desk.device_id)
    server_api.push(mana, mana_desk.events())
    server_api.push(awala, awala_desk.events())
    return TwoOrganizations(server_api, mana, awala, mana_meeting, awala_meeting, mana_desk)


def authenticated_requests(meeting_id: str) -> list[tuple[str, str]]:
    """Every endpoint that needs a token, with a meeting id where the path takes one."""
    return [
        ("GET", DEVICE_PATH),
        ("POST", PUSH_PATH),
        ("GET", PULL_PATH),
        ("GET", MEETINGS_PATH),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/attendance"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/events/summary"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/fingerprint"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/agenda"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/checkins"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/proxies"),
        ("GET", f"{MEETINGS_PATH}/{meeting_id}/ideas"),
    ]


def send(api: ServerApi, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
    if method == "POST":
        body = encode_batch([])
        return api.client.post(
            path, content=body, headers={**headers, "Content-Type": BATCH_MEDIA_TYPE}
        )
    return api.client.get(path, headers=headers)


def test_every_endpoint_refuses_a_missing_or_invalid_token(two_orgs: TwoOrganizations) -> None:
    protocol_only = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    for method, path in authenticated_requests(two_orgs.mana_meeting):
        missing = send(two_orgs.api, method, path, protocol_only)
        assert missing.status_code == 401, path
        assert missing.json()["error"] == ErrorCode.MISSING_TOKEN
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        invalid = send(two_orgs.api, method, path, bearer("cdt_not-a-real-token"))
        assert invalid.status_code == 401, path
        assert invalid.json()["error"] == ErrorCode.INVALID_TOKEN
        basic = send(two_orgs.api, method, path, {**protocol_only, "Authorization": "Basic eDp5"})
        assert basic.status_code == 401, path


def test_a_revoked_device_is_refused_everywhere(two_orgs: TwoOrganizations) -> None:
    revoke_device(two_orgs.api.database, two_orgs.mana.device_id)
    for method, path in authenticated_requests(two_orgs.mana_meeting):
        response = send(two_orgs.api, method, path, two_orgs.mana.headers)
        assert response.status_code == 403, path
        assert response.json()["error"] == ErrorCode.DEVICE_REVOKED
    other = send(two_orgs.api, "GET", DEVICE_PATH, two_orgs.awala.headers)
    assert other.status_code == 200


@pytest.mark.parametrize("version", [None, "0", "1", "2", "4", "one"])
def test_every_v1_endpoint_refuses_another_protocol_version(
    two_orgs: TwoOrganizations, version: str | None
) -> None:
    headers = {"Authorization": f"Bearer {two_orgs.mana.token}"}
    if version is not None:
        headers[PROTOCOL_HEADER] = version
    for method, path in [
        *authenticated_requests(two_orgs.mana_meeting),
        ("POST", "/v1/enroll"),
    ]:
        response = (
            two_orgs.api.client.post(path, json={}, headers=headers)
            if path == "/v1/enroll"
            else send(two_orgs.api, method, path, headers)
        )
        assert response.status_code == 400, path
        body = response.json()
        assert body["error"] == ErrorCode.UNSUPPORTED_PROTOCOL
        assert body["supported_versions"] == [PROTOCOL_VERSION]
        assert response.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)


def test_meeting_views_of_another_organization_answer_as_for_an_unknown_meeting(
    two_orgs: TwoOrganizations,
) -> None:
    """Nothing in the answer tells that the meeting exists elsewhere: same status, same body."""
    unknown = "01a20000-0000-7000-8000-000000000000"
    for method, path in authenticated_requests(two_orgs.awala_meeting):
        if "/v1/meetings/" not in path:
            continue
        response = send(two_orgs.api, method, path, two_orgs.mana.headers)
        absent = send(
            two_orgs.api,
            method,
            path.replace(two_orgs.awala_meeting, unknown),
            two_orgs.mana.headers,
        )
        assert response.status_code == absent.status_code == 404, path
        assert response.text.replace(two_orgs.awala_meeting, unknown) == absent.text
        own = send(two_orgs.api, method, path, two_orgs.awala.headers)
        assert own.status_code == 200, path


def test_unknown_meetings_answer_not_found(two_orgs: TwoOrganizations) -> None:
    unknown = "01a20000-0000-7000-8000-000000000000"
    for method, path in authenticated_requests(unknown):
        if "/v1/meetings/" in path:
            response = send(two_orgs.api, method, path, two_orgs.mana.headers)
            assert response.status_code == 404, path
            assert response.json()["error"] == ErrorCode.NOT_FOUND


def test_the_meeting_list_shows_only_the_organizations_meetings(
    two_orgs: TwoOrganizations,
) -> None:
    listing = two_orgs.api.client.get(MEETINGS_PATH, headers=two_orgs.mana.headers).json()
    assert [m["meeting_id"] for m in listing["meetings"]] == [two_orgs.mana_meeting]
    listing = two_orgs.api.client.get(MEETINGS_PATH, headers=two_orgs.awala.headers).json()
    assert [m["meeting_id"] for m in listing["meetings"]] == [two_orgs.awala_meeting]


def test_pull_never_returns_another_organizations_events(two_orgs: TwoOrganizations) -> None:
    colleague = two_orgs.api.enroll("Commune de Mana", "mana-second-desk")
    two_orgs.api.join(colleague, two_orgs.mana_meeting)
    events, _cursor = two_orgs.api.pull_all(colleague)
    assert {e.meeting_id for e in events} == {two_orgs.mana_meeting}
    forged_cursor = two_orgs.api.pull(colleague, cursor="cjE6MA")  # "r1:0": from the start
    assert {e.meeting_id for e in forged_cursor.events} == {two_orgs.mana_meeting}


def test_push_into_another_organizations_meeting_is_rejected(two_orgs: TwoOrganizations) -> None:
    answer = two_orgs.api.push(two_orgs.awala, two_orgs.mana_desk.events())
    assert answer.accepted == 0
    assert {r.code for r in answer.rejected} == {RejectionCode.FOREIGN_MEETING}


def test_the_device_endpoint_names_the_tokens_device(two_orgs: TwoOrganizations) -> None:
    response = two_orgs.api.client.get(DEVICE_PATH, headers=two_orgs.mana.headers)
    assert response.status_code == 200
    assert response.json()["device_id"] == two_orgs.mana.device_id
    assert response.json()["organization_name"] == "Commune de Mana"
