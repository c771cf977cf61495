"""Enrolment with an unreachable server fails fast, in French, without system jargon."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from civodesk.services import Services
from sync.client.engine import enroll
from sync.client.messages import transport_text
from sync.client.transport import ServerUnreachableError


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def assert_plain_french(message: str) -> None:
    assert "Errno" not in message
    assert "refused" not in message.lower()
    assert "timed out" not in message.lower()


def test_a_refused_connection_is_reported_at_once_in_french(
    services: Services, closed_port: int
) -> None:
    started = time.monotonic()
    with pytest.raises(ServerUnreachableError) as raised:
        enroll(services, f"http://127.0.0.1:{closed_port}", "CODE-1234")
    assert time.monotonic() - started < 5
    assert "Serveur injoignable" in str(raised.value)
    assert "aucun serveur ne répond à cette adresse" in str(raised.value)
    assert_plain_french(str(raised.value))


def test_a_silent_server_is_given_up_within_five_seconds(
    services: Services, silent_server: int
) -> None:
    started = time.monotonic()
    with pytest.raises(ServerUnreachableError) as raised:
        enroll(services, f"http://127.0.0.1:{silent_server}", "CODE-1234")
    assert time.monotonic() - started < 5
    assert "ne répond pas" in str(raised.value)
    assert_plain_french(str(raised.value))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "aucun serveur ne répond"),
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            "adresse introuvable",
        ),
        (httpx.ConnectTimeout("timed out"), "pas de réponse"),
        (httpx.ReadTimeout("timed out"), "ne répond pas"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate"), "certificat"),
        (httpx.RemoteProtocolError("Server disconnected"), "connexion coupée"),
    ],
)
def test_network_errors_in_plain_french(error: httpx.TransportError, words: str) -> None:
    text = transport_text(error)
    assert words in text
    assert_plain_french(text)
