"""A retryable refusal resumes from the first event not acknowledged, never from sequence 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from sqlalchemy.exc import IntegrityError

from civodesk.participants.participant import ParticipantFields
from sync.batch_codec import decode_batch, encode_batch
from sync.client import state
from sync.client.engine import SyncClient, SyncOutcome
from sync.protocol import (
    HEALTH_PATH,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    HealthResponse,
    PushResponse,
    RejectedEvent,
    RejectionCode,
)
from sync.protocol_streams import OWN_STREAMS_PATH, OwnStreams
from sync.server.settings import ServerSettings
from tests.factories import meeting_fields
from tests.sync.sync_harness import FAST_RETRIES, make_desk


class DependencyServer:
    """Accepts events up to a sequence, refuses the rest as waiting for another desk's events."""

    def __init__(self) -> None:
        self.accept_up_to = 0
        self.pushed_seqs: list[list[int]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == HEALTH_PATH:
            limits = ServerSettings(database_url="sqlite://").limits()
            body = HealthResponse(
                status="ok",
                protocol_version=PROTOCOL_VERSION,
                supported_versions=[PROTOCOL_VERSION],
                database="ok",
                limits=limits,
            )
            return httpx.Response(200, json=body.model_dump())
        if request.url.path == PUSH_PATH:
            events = decode_batch(request.content).events
            self.pushed_seqs.append([e.seq for e in events])
            refused = [
                RejectedEvent(
                    event_id=e.event_id,
                    code=RejectionCode.MISSING_DEPENDENCY,
                    reason="waiting",
                    retryable=True,
                )
                for e in events
                if e.seq > self.accept_up_to
            ]
            answer = PushResponse(
                received=len(events),
                accepted=len(events) - len(refused),
                duplicate=0,
                duplicate_ids=[],
                rejected=refused,
            )
            return httpx.Response(200, json=answer.model_dump())
        if request.url.path == OWN_STREAMS_PATH:
            return httpx.Response(200, json=OwnStreams(streams=[]).model_dump())
        assert request.url.path == PULL_PATH
        return httpx.Response(200, content=encode_batch([], next_cursor="c", has_more=False))


def test_a_retryable_refusal_resumes_from_the_first_unacknowledged_event(tmp_path: Path) -> None:
    desk = make_desk(tmp_path, "second-desk")
    meeting = desk.services.meetings.create_meeting(meeting_fields()).meeting_id
    desk.services.participants.register_many(
        meeting, [ParticipantFields("Awa", f"Diallo {n}") for n in range(8)]
    )
    head = max(e.seq for e in desk.events(meeting))
    with desk.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))
    server = DependencyServer()
    server.accept_up_to = 3
    client = httpx.Client(
        base_url="http://server.test", transport=httpx.MockTransport(server.handle)
    )
    sync = SyncClient(desk.services, client=client, policy=FAST_RETRIES, sleep=lambda _s: None)

    first = sync.sync_once()
    assert first.outcome is SyncOutcome.INCOMPLETE
    assert server.pushed_seqs == [list(range(1, head + 1))]  # one push: no round resent it
    with desk.services.database.read() as conn:
        assert state.acked_seqs(conn)[(meeting, desk.device.device_id)] == 3

    server.accept_up_to = head  # what it waited for has arrived
    second = sync.sync_once()
    assert second.outcome is SyncOutcome.OK
    assert server.pushed_seqs[1] == list(range(4, head + 1))  # from the first not acknowledged


def test_an_unexpected_failure_is_reported_in_one_sentence_not_raised(tmp_path: Path) -> None:
    """Whatever breaks during a sync ends in the report (and its history), never a traceback."""
    desk = make_desk(tmp_path, "desk")
    with desk.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))
    server = DependencyServer()

    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path == PULL_PATH:
            raise RuntimeError("disque plein")
        return server.handle(request)

    client = httpx.Client(base_url="http://server.test", transport=httpx.MockTransport(broken))
    report = SyncClient(desk.services, client=client, policy=FAST_RETRIES).sync_once()
    assert report.outcome is SyncOutcome.REFUSED
    assert "erreur inattendue (disque plein)" in report.message
    with desk.services.database.read() as conn:
        assert state.list_history(conn)[0].message == report.message  # the Sync page shows it


def test_an_unexpected_database_error_never_shows_the_values_it_quotes(tmp_path: Path) -> None:
    """A database error's text quotes the statement's values: only its kind reaches the page."""
    desk = make_desk(tmp_path, "desk")
    with desk.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))
    server = DependencyServer()

    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path == PULL_PATH:
            raise IntegrityError(
                "INSERT INTO participants (last_name) VALUES (?)",
                ("Diallo",),
                sqlite3.IntegrityError("FOREIGN KEY constraint failed"),
            )
        return server.handle(request)

    client = httpx.Client(base_url="http://server.test", transport=httpx.MockTransport(broken))
    report = SyncClient(desk.services, client=client, policy=FAST_RETRIES).sync_once()
    assert report.outcome is SyncOutcome.REFUSED
    assert "erreur inattendue (IntegrityError)" in report.message
    assert "Diallo" not in report.message
