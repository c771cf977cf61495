"""The desk explains the server's error and rejection codes in the user's language."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from sync.client.messages import (
    ERROR_MESSAGES,
    REJECTION_MESSAGES,
    describe_rejection,
    error_text,
    split_rejection,
    stored_rejection,
)
from sync.client.retry import RetryPolicy
from sync.client.transport import AuthorizationError, RequestRefusedError, ServerConnection
from sync.protocol import ErrorCode, RejectionCode


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def test_every_protocol_code_has_a_local_message() -> None:
    assert set(ERROR_MESSAGES) == set(ErrorCode)
    assert set(REJECTION_MESSAGES) == set(RejectionCode)


def test_a_stored_rejection_is_shown_in_the_users_language() -> None:
    stored = stored_rejection(RejectionCode.SEQUENCE_CONFLICT, "sequence 3 already used")
    assert split_rejection(stored) == ("sequence_conflict", "sequence 3 already used")
    assert describe_rejection(stored) == (
        "journal divergent : le serveur a un autre événement à ce numéro (sauvegarde restaurée ?)"
    )
    set_language("en")
    assert describe_rejection(stored) == (
        "diverging journal: the server has another event with this number (restored backup?)"
    )


def test_an_unknown_code_falls_back_to_the_servers_words() -> None:
    assert describe_rejection("brand_new_code: something new") == "brand_new_code: something new"
    assert error_text("brand_new_code", "something new") == "something new"


def _connection(status: int, code: str, message: str) -> ServerConnection:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": code, "message": message})

    client = httpx.Client(transport=httpx.MockTransport(answer))
    return ServerConnection("http://server.test", client=client, policy=RetryPolicy(max_attempts=1))


def test_a_revoked_desk_is_told_so_in_french_then_in_english() -> None:
    server_words = "this device was revoked on 2026-11-20T10:00:00Z"
    with (
        _connection(403, ErrorCode.DEVICE_REVOKED, server_words) as server,
        pytest.raises(AuthorizationError) as refused,
    ):
        server.request("GET", "/v1/device")
    assert str(refused.value) == (
        "Le serveur refuse ce poste (403) : ce poste a été révoqué par l'équipe centrale"
    )
    assert refused.value.code == ErrorCode.DEVICE_REVOKED
    assert refused.value.server_message == server_words
    set_language("en")
    with (
        _connection(403, ErrorCode.DEVICE_REVOKED, server_words) as server,
        pytest.raises(AuthorizationError) as refused,
    ):
        server.request("GET", "/v1/device")
    assert str(refused.value) == (
        "The server refuses this desk (403): this desk was revoked by the central team"
    )


def test_a_refused_request_is_explained_locally_with_the_servers_detail_kept() -> None:
    with _connection(409, ErrorCode.DEVICE_KEY_MISMATCH, "held elsewhere") as server:
        response = server.request("POST", "/v1/enroll")
        with pytest.raises(RequestRefusedError) as refused:
            server.raise_for_refusal(response)
    assert str(refused.value) == (
        "Le serveur a refusé la demande (409) : "
        "cet identifiant de poste est déjà pris (par une autre clé, ou encore actif ailleurs) : "
        "réinscrivez-vous depuis le poste qui détient sa clé, ou sous un nouvel identifiant"
    )
    assert refused.value.server_message == "held elsewhere"
