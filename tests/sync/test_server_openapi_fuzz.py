"""Schemathesis against the server's own OpenAPI document, on SQLite and on PostgreSQL.

Every operation gets generated requests, valid and invalid by the document (negative mode), with a
valid desk credential and without one. Each answer must be no server error and must conform to the
document: a listed status, the declared content type, a body matching its schema, the declared
headers. Push bodies are real batches: the generated ``EventBatch`` JSON is zstd-compressed, so the
generated runs reach the decoder and the ingest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import get_client
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sync.protocol import BATCH_MEDIA_TYPE, PROTOCOL_HEADER, PROTOCOL_VERSION, bearer
from tests.sync.server_api import ServerApi

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _compress_batch(_context: Any, value: Any) -> bytes:
    """A generated ``EventBatch`` as the desk would send it: compressed JSON."""
    text = value if isinstance(value, bytes) else json.dumps(value).encode()
    return zstandard.ZstdCompressor(level=1).compress(text)


schemathesis.serializer(BATCH_MEDIA_TYPE)(_compress_batch)


@pytest.fixture
def asgi_session(server_api: ServerApi) -> Iterator[Any]:
    """One in-process client for every generated call (the app's database stays open)."""
    with get_client(server_api.client.app) as client:
        yield client


def _fuzz(api: ServerApi, session: Any, headers: dict[str, str], mode: GenerationMode) -> int:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call(session=session, headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing to get wrong (no parameter, no body)
    return calls


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented_with_a_desk_credential(
    server_api: ServerApi, asgi_session: Any, mode: GenerationMode
) -> None:
    device = server_api.enroll(server_api.organization("Commune de Mana"), "fuzzing-desk")
    assert _fuzz(server_api, asgi_session, bearer(device.token), mode) > 0


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented_without_a_credential(
    server_api: ServerApi, asgi_session: Any, mode: GenerationMode
) -> None:
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    assert _fuzz(server_api, asgi_session, headers, mode) > 0


def test_a_wrong_method_is_405_with_allow(server_api: ServerApi) -> None:
    response = server_api.client.delete("/v1/push")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json()["error"] == "invalid_request"
