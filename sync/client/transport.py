"""HTTP to the central server: the protocol headers, retries, and errors a person can act on.

Every request goes through ``ServerConnection.request``, which retries network errors, 5xx and 429
according to the ``RetryPolicy`` and turns the final failure into one of the errors below. It
counts the bytes it sends and receives, and how many attempts were repeats, for the sync report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError

from civodesk.i18n import _
from sync.client.messages import error_text, transport_text
from sync.client.retry import AUTH_STATUSES, RetryPolicy, is_retryable_status, parse_retry_after
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, RETRY_AFTER_HEADER, ErrorBody

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)
ENROLL_TIMEOUT = httpx.Timeout(connect=3.0, read=4.0, write=4.0, pool=3.0)
"""Enrolment is a person waiting at the form: an unreachable server is said within 5 s."""


class SyncError(Exception):
    """Base class: this sync could not finish; the message says why in plain words."""


class ServerUnreachableError(SyncError):
    """No answer after every retry: no network, wrong address, or the server is down."""


class ServerBusyError(SyncError):
    """The server kept answering 5xx or 429, or asked to wait longer than a sync may."""


class AuthorizationError(SyncError):
    """401/403: the device token is missing, unknown or revoked. Sync stops until re-enrollment.

    ``code`` is the protocol's ErrorCode; ``server_message`` the server's own (English) detail.
    """

    def __init__(
        self, message: str, status: int = 0, server_message: str = "", code: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.server_message = server_message
        self.code = code


class SyncCancelledError(SyncError):
    """The sync was asked to stop (the application is closing) while it waited to retry."""


class RequestRefusedError(SyncError):
    """Another 4xx: the server understood and refused (``code`` from the protocol's ErrorCode)."""

    def __init__(self, message: str, status: int, code: str, server_message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.server_message = server_message


@dataclass
class TrafficCounter:
    bytes_sent: int = 0
    bytes_received: int = 0
    retries: int = 0


def error_message(response: httpx.Response) -> tuple[str, str]:
    """(code, message) of an error response; the status line when the body is not ErrorBody."""
    try:
        body = ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return "", f"HTTP {response.status_code} {response.reason_phrase}"
    return body.error, body.message


class ServerConnection:
    """One server, one token (or none, for enrollment), one retry policy."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        client: httpx.Client | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.policy = policy or RetryPolicy()
        self.traffic = TrafficCounter()
        self._sleep = sleep
        self._client = client or httpx.Client(timeout=timeout)
        self._owns_client = client is None

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> ServerConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def headers(self) -> dict[str, str]:
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send with retries; return the first non-retryable response (2xx or 4xx other than auth)."""
        url = self.base_url + path
        all_headers = {**self.headers(), **(headers or {})}
        last_problem = ""
        for attempt in range(1, self.policy.max_attempts + 1):
            if attempt > 1:
                self.traffic.retries += 1
            try:
                response = self._client.request(
                    method, url, content=content, json=json, params=params, headers=all_headers
                )
            except httpx.TransportError as error:
                self.traffic.bytes_sent += len(content or b"")
                last_problem = transport_text(error)
                if attempt < self.policy.max_attempts:
                    self._sleep(self.policy.backoff(attempt))
                continue
            self.traffic.bytes_sent += len(content or b"")
            self.traffic.bytes_received += response.num_bytes_downloaded
            if response.status_code in AUTH_STATUSES:
                code, message = error_message(response)
                raise AuthorizationError(
                    _("Le serveur refuse ce poste ({status}) : {reason}").format(
                        status=response.status_code, reason=error_text(code, message)
                    ),
                    response.status_code,
                    message,
                    code,
                )
            if not is_retryable_status(response.status_code):
                return response
            code, message = error_message(response)
            last_problem = error_text(code, message)
            retry_after = parse_retry_after(response.headers.get(RETRY_AFTER_HEADER))
            if retry_after is not None and retry_after > self.policy.max_retry_after_s:
                raise ServerBusyError(
                    _("Le serveur demande d'attendre {seconds} s avant de réessayer.").format(
                        seconds=round(retry_after)
                    )
                )
            if attempt < self.policy.max_attempts:
                self._sleep(self.policy.delay(attempt, retry_after))
            if attempt == self.policy.max_attempts:
                raise ServerBusyError(
                    _("Le serveur ne répond pas correctement ({problem}).").format(
                        problem=last_problem
                    )
                )
        raise ServerUnreachableError(
            _("Serveur injoignable à {url} ({problem}).").format(
                url=self.base_url, problem=last_problem
            )
        )

    def raise_for_refusal(self, response: httpx.Response) -> None:
        """Turn a 4xx answer into ``RequestRefusedError`` (2xx passes through)."""
        if response.is_success:
            return
        code, message = error_message(response)
        raise RequestRefusedError(
            _("Le serveur a refusé la demande ({status}) : {reason}").format(
                status=response.status_code, reason=error_text(code, message)
            ),
            response.status_code,
            code,
            message,
        )
