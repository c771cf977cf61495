"""Request size, batch size, pull size and rate limits answer clear 4xx errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import zstandard

from sync.batch_codec import encode_batch
from sync.membership import PullPosition, encode_position
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    DEVICE_PATH,
    PULL_PATH,
    PUSH_PATH,
    RETRY_AFTER_HEADER,
    ErrorCode,
)
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import ServerApi

ApiFactory = Callable[..., ServerApi]
DeskFactory = Callable[..., SyncDesk]


def test_a_body_over_the_size_limit_is_refused_with_413(
    server_api_factory: ApiFactory, sync_desk_factory: DeskFactory
) -> None:
    api = server_api_factory(max_request_bytes=3_000)
    desk = sync_desk_factory("accueil")
    fill_meeting(desk, participants=80, idea_count=0)
    device = api.enroll(api.organization("Commune de Mana"), desk.device_id)
    body = encode_batch(desk.events(), level=1)
    assert len(body) > 3_000

    declared = api.push_raw(device, body)
    assert declared.status_code == 413
    assert declared.json()["error"] == ErrorCode.REQUEST_TOO_LARGE

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        for start in range(0, len(body), 1_000):
            yield body[start : start + 1_000]

    streamed = api.client.post(
        PUSH_PATH,
        content=chunks(),
        headers={**device.headers, "Content-Type": BATCH_MEDIA_TYPE},
    )
    assert streamed.status_code == 413


def test_a_compression_bomb_is_refused_with_413(server_api_factory: ApiFactory) -> None:
    api = server_api_factory(max_decompressed_bytes=100_000)
    device = api.enroll(api.organization("Commune de Mana"), "desk-1")
    bomb = zstandard.ZstdCompressor(level=19).compress(b" " * 5_000_000)
    assert len(bomb) < 1_000
    response = api.push_raw(device, bomb)
    assert response.status_code == 413
    assert "decompressed" in response.json()["message"]


def test_too_many_events_in_one_push_is_refused_with_422(
    server_api_factory: ApiFactory, sync_desk_factory: DeskFactory
) -> None:
    api = server_api_factory(max_batch_events=10)
    desk = sync_desk_factory("accueil")
    fill_meeting(desk, participants=20, idea_count=0)
    device = api.enroll(api.organization("Commune de Mana"), desk.device_id)
    response = api.push_raw(device, encode_batch(desk.events()))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == ErrorCode.BATCH_TOO_LARGE
    assert "at most 10" in body["message"]
    assert api.push(device, sorted(desk.events(), key=lambda e: e.seq)[:10]).accepted == 10


def test_malformed_batches_are_refused_with_422_and_415(server_api: ServerApi) -> None:
    device = server_api.enroll(server_api.organization("Commune de Mana"), "desk-1")
    compress = zstandard.ZstdCompressor().compress
    for body in (
        b"not zstd at all",
        compress(b"not json"),
        compress(json.dumps({"runs": [{"meeting_id": "m"}]}).encode()),
    ):
        response = server_api.push_raw(device, body)
        assert response.status_code == 422, body
        assert response.json()["error"] == ErrorCode.INVALID_BATCH
    wrong_type = server_api.push_raw(device, encode_batch([]), **{"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    assert wrong_type.json()["error"] == ErrorCode.UNSUPPORTED_MEDIA_TYPE
    misaligned = compress(
        json.dumps(
            {
                "runs": [
                    {
                        "meeting_id": "m",
                        "device_id": "d",
                        "first_seq": 1,
                        "prev_hash": "0" * 64,
                        "tail_hash": "0" * 64,
                        "event_ids": ["a", "b"],
                        "device_times_ms": [1],
                        "hlcs": [1, 1],
                        "types": ["x", "x"],
                        "payloads": [{}, {}],
                        "personals": [None, None],
                    }
                ]
            }
        ).encode()
    )
    answer = server_api.push_raw(device, misaligned).json()
    assert [r["code"] for r in answer["rejected"]] == ["chain_mismatch", "chain_mismatch"]


def test_pull_limits_and_cursors_are_validated(server_api_factory: ApiFactory) -> None:
    api = server_api_factory(max_pull_limit=50)
    device = api.enroll(api.organization("Commune de Mana"), "desk-1")
    for params, code in (
        ({"limit": 51}, ErrorCode.INVALID_REQUEST),
        ({"limit": 0}, ErrorCode.INVALID_REQUEST),
        ({"cursor": "not-a-cursor"}, ErrorCode.INVALID_CURSOR),
        ({"cursor": "cjI6MQ"}, ErrorCode.INVALID_CURSOR),  # "r2:1": another format
    ):
        response = api.client.get(PULL_PATH, params=params, headers=device.headers)
        assert response.status_code == 422, params
        assert response.json()["error"] == code
    assert api.client.get(PULL_PATH, params={"limit": 50}, headers=device.headers).is_success


def test_the_rate_limit_answers_429_with_retry_after_across_processes(
    server_api_factory: ApiFactory,
) -> None:
    """Two server instances on one database share each device's budget (it lives in the DB)."""
    first = server_api_factory(rate_per_second=0.2, rate_burst=3)
    second = server_api_factory(rate_per_second=0.2, rate_burst=3)
    device = first.enroll(first.organization("Commune de Mana"), "desk-1")
    other = first.enroll("Commune de Mana", "desk-2")

    statuses = [
        api.client.get(DEVICE_PATH, headers=device.headers).status_code
        for api in (first, second, first, second)
    ]

    assert statuses == [200, 200, 200, 429]
    refused = second.client.get(DEVICE_PATH, headers=device.headers)
    assert refused.json()["error"] == ErrorCode.RATE_LIMITED
    assert int(refused.headers[RETRY_AFTER_HEADER]) >= 1
    assert refused.json()["retry_after_s"] > 0
    assert second.client.get(DEVICE_PATH, headers=other.headers).status_code == 200


def test_limits_are_published(server_api_factory: ApiFactory) -> None:
    api = server_api_factory(max_batch_events=123, rate_per_second=4.0)
    health = api.client.get("/health").json()
    assert health["limits"]["max_batch_events"] == 123
    assert health["limits"]["rate_per_second"] == 4.0


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (PULL_PATH, {"cursor": encode_position(PullPosition(2**63))}),
        (PULL_PATH, {"cursor": encode_position(PullPosition(1, 10**40, 0))}),
        (PULL_PATH, {"limit": str(10**30)}),
        ("/v1/meetings/{meeting}/checkins", {"offset": str(2**63)}),
        ("/v1/meetings/{meeting}/proxies", {"offset": str(2**64)}),
        ("/v1/meetings/{meeting}/ideas", {"offset": str(10**30), "limit": "10"}),
        ("/v1/meetings/{meeting}/ideas", {"limit": str(2**63)}),
    ],
)
def test_huge_offsets_cursors_and_limits_are_422_with_the_reason(
    server_api: ServerApi, sync_desk_factory: Callable[[str], SyncDesk], path: str,
    params: dict[str, str],
) -> None:  # fmt: skip
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=2, idea_count=1)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events(meeting))
    response = server_api.client.get(
        path.format(meeting=meeting), params=params, headers=device.headers
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] in {"invalid_cursor", "invalid_request"}
    assert body["message"]
