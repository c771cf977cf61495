"""Retry policy and server connection: backoff with jitter, Retry-After, auth stops at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from sync.client.retry import RetryPolicy, parse_retry_after
from sync.client.transport import (
    AuthorizationError,
    ServerBusyError,
    ServerConnection,
    ServerUnreachableError,
)
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION


def connection(handler, policy: RetryPolicy | None = None) -> tuple[ServerConnection, list[float]]:
    sleeps: list[float] = []
    conn = ServerConnection(
        "http://server.test/",
        "tok",
        client=httpx.Client(transport=httpx.MockTransport(handler)),
        policy=policy or RetryPolicy(max_attempts=5, random=random.Random(1)),
        sleep=sleeps.append,
    )
    return conn, sleeps


def test_backoff_is_jittered_exponential_and_capped() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0, random=random.Random(7))
    for attempt in range(1, 10):
        ceiling = min(8.0, 2 ** (attempt - 1))
        delays = [policy.backoff(attempt) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 150  # jitter: retries of many desks do not line up
    assert max(policy.backoff(12) for _ in range(200)) > 4.0


def test_retry_after_in_seconds_and_as_a_date() -> None:
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


def test_5xx_and_429_are_retried_honouring_retry_after() -> None:
    answers = iter(
        [
            httpx.Response(503, json={"error": "server_error", "message": "restarting"}),
            httpx.Response(
                429,
                headers={"Retry-After": "3"},
                json={"error": "rate_limited", "message": "slow down"},
            ),
            httpx.Response(200, json={"ok": True}),
        ]
    )
    seen_headers: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen_headers.append(request.headers)
        return next(answers)

    conn, sleeps = connection(handler)
    response = conn.request("POST", "/v1/push", content=b"x")
    assert response.status_code == 200
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5
    assert sleeps[1] == 3.0
    assert conn.traffic.retries == 2
    assert all(
        h["Authorization"] == "Bearer tok" and h[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
        for h in seen_headers
    )


def test_network_errors_are_retried_then_reported_unreachable() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("connection refused", request=request)

    conn, sleeps = connection(handler)
    with pytest.raises(ServerUnreachableError, match="injoignable"):
        conn.request("GET", "/health")
    assert calls == 5
    assert len(sleeps) == 4


def test_a_network_error_then_success() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise httpx.ReadError("connection reset by peer", request=request)
        return httpx.Response(200)

    conn, _sleeps = connection(handler)
    assert conn.request("GET", "/health").status_code == 200
    assert calls == 3


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failures_stop_at_once(status: int) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(
            status, json={"error": "device_revoked", "message": "appareil révoqué"}
        )

    conn, sleeps = connection(handler)
    with pytest.raises(AuthorizationError, match="révoqué par l'équipe centrale"):
        conn.request("POST", "/v1/push", content=b"x")
    assert calls == 1
    assert sleeps == []


def test_a_retry_after_longer_than_a_sync_may_wait_ends_the_sync() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "3600"})

    conn, sleeps = connection(handler)
    with pytest.raises(ServerBusyError, match="3600"):
        conn.request("GET", "/v1/pull")
    assert sleeps == []


def test_persistent_5xx_gives_up_as_busy() -> None:
    conn, sleeps = connection(lambda request: httpx.Response(500))
    with pytest.raises(ServerBusyError):
        conn.request("GET", "/v1/pull")
    assert len(sleeps) == 4


def test_other_4xx_are_returned_without_retry() -> None:
    conn, sleeps = connection(
        lambda request: httpx.Response(422, json={"error": "invalid_batch", "message": "bad"})
    )
    assert conn.request("POST", "/v1/push", content=b"x").status_code == 422
    assert sleeps == []
