"""An in-process sync server for tests: the FastAPI app behind Starlette's TestClient, plus admin."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.event import JournalEvent
from sync.batch_codec import WIRE_CHECKPOINT_EVENTS, DecodedBatch, decode_batch, encode_batch
from sync.membership import JoinResponse, join_path
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    ENROLL_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    PushResponse,
    bearer,
    enroll_proof_message,
)
from sync.server.admin import create_organization, issue_enroll_code
from sync.server.app import create_app
from sync.server.db import ServerDatabase
from sync.server.settings import ServerSettings
from tests.identities import identity_for, sign_as_origin


def enroll_body(code: str, identity: DeviceIdentity, label: str = "") -> dict[str, str]:
    """An enrolment request signed by ``identity``'s key, as a desk sends it."""
    proof = identity.sign(
        enroll_proof_message(code, identity.device_id, identity.public_key_b64, label)
    )
    return {
        "code": code,
        "device_id": identity.device_id,
        "label": label,
        "public_key": identity.public_key_b64,
        "proof": base64.b64encode(proof).decode(),
    }


@dataclass
class EnrolledDevice:
    device_id: str
    token: str
    organization: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@dataclass
class ServerApi:
    settings: ServerSettings
    client: TestClient

    @classmethod
    def start(cls, database_url: str, **overrides: Any) -> ServerApi:
        settings = ServerSettings(database_url=database_url, **overrides)
        client = TestClient(create_app(settings), raise_server_exceptions=True)
        client.__enter__()
        return cls(settings, client)

    @property
    def database(self) -> ServerDatabase:
        database: ServerDatabase = self.client.app.state.database  # type: ignore[attr-defined]
        return database

    def close(self) -> None:
        self.client.__exit__(None, None, None)

    def organization(self, name: str) -> str:
        create_organization(self.database, name)
        return name

    def enroll(self, organization: str, device_id: str, label: str = "") -> EnrolledDevice:
        """Enrol with the key the desk of that id holds (a fresh one for a plain test id)."""
        code = issue_enroll_code(self.database, organization).code
        response = self.client.post(
            ENROLL_PATH,
            json=enroll_body(code, identity_for(device_id, label), label),
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        )
        assert response.status_code == 200, response.text
        return EnrolledDevice(device_id, response.json()["token"], organization)

    def push_raw(self, device: EnrolledDevice, body: bytes, **headers: str) -> httpx.Response:
        return self.client.post(
            PUSH_PATH,
            content=body,
            headers={**device.headers, "Content-Type": BATCH_MEDIA_TYPE, **headers},
        )

    def push(self, device: EnrolledDevice, events: Sequence[JournalEvent]) -> PushResponse:
        """Push events with each run signed by its origin device (as a desk or a relay would)."""
        response = self.push_raw(
            device,
            encode_batch(
                events, level=3, signer=sign_as_origin, checkpoint_every=WIRE_CHECKPOINT_EVENTS
            ),
        )
        assert response.status_code == 200, response.text
        return PushResponse.model_validate(response.json())

    def join(self, device: EnrolledDevice, meeting_id: str) -> JoinResponse:
        """The device takes part in the meeting (as ``civodesk join`` asks)."""
        response = self.client.post(join_path(meeting_id), headers=device.headers)
        assert response.status_code == 200, response.text
        return JoinResponse.model_validate(response.json())

    def pull(self, device: EnrolledDevice, cursor: str = "", limit: int = 1000) -> DecodedBatch:
        response = self.client.get(
            PULL_PATH, params={"cursor": cursor, "limit": limit}, headers=device.headers
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == BATCH_MEDIA_TYPE
        return decode_batch(response.content)

    def pull_all(
        self, device: EnrolledDevice, limit: int = 1000, cursor: str = ""
    ) -> tuple[list[JournalEvent], str]:
        """Every page until ``has_more`` is false; returns the events and the final cursor."""
        events: list[JournalEvent] = []
        while True:
            page = self.pull(device, cursor, limit)
            events.extend(page.events)
            assert page.next_cursor is not None
            cursor = page.next_cursor
            if not page.has_more:
                return events, cursor
