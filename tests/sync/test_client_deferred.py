"""A pulled page whose events name a meeting this desk has not received does not stop the sync.

The server here is scripted (``httpx.MockTransport``): it serves a door's stream before the stream
that creates its meeting, as a page cut or a creator's stream set aside would. Both keys are ones
this desk's user confirmed, so the pull verifies and ingests them as it would any page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from civodesk.ids import new_id
from civodesk.journal.certificates import trust_device
from civodesk.journal.deferred import list_deferred
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import sign_head
from civodesk.journal.store import ingest_events
from civodesk.participants.participant import ParticipantFields
from sync.batch_codec import encode_batch
from sync.client import state
from sync.client.engine import SyncClient, SyncOutcome
from sync.protocol import HEALTH_PATH, PROTOCOL_VERSION, PULL_PATH, HealthResponse
from sync.protocol_streams import OWN_STREAMS_PATH, OwnStreams
from sync.server.settings import ServerSettings
from tests.factories import meeting_fields
from tests.sync.sync_harness import FAST_RETRIES, SyncingDesk, make_desk


class PagesServer:
    """Answers each pull with the next prepared page (then empty pages)."""

    def __init__(self, pages: list[tuple[SyncingDesk, list[JournalEvent]]]) -> None:
        self.pages = pages
        self.served = 0

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
        if request.url.path == OWN_STREAMS_PATH:
            return httpx.Response(200, json=OwnStreams(streams=[]).model_dump())
        assert request.url.path == PULL_PATH
        if self.served >= len(self.pages):
            return httpx.Response(200, content=encode_batch([], next_cursor="end"))
        author, events = self.pages[self.served]
        self.served += 1

        def signer(event: JournalEvent) -> str:
            return sign_head(author.device, event.meeting_id, event.seq, event.hash).signature

        return httpx.Response(
            200, content=encode_batch(events, next_cursor=f"c{self.served}", signer=signer)
        )


def stream_of(desk: SyncingDesk, meeting: str) -> list[JournalEvent]:
    return [e for e in desk.events(meeting) if e.device_id == desk.device.device_id]


def test_a_page_naming_an_unknown_meeting_waits_and_the_next_page_applies_it(
    tmp_path: Path,
) -> None:
    creator = make_desk(tmp_path, "creator")
    door = make_desk(tmp_path, "door")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    with door.services.database.write() as conn:
        ingest_events(conn, creator.events(meeting), door.services.journal.registry)
    door.services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
    with late.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))
        for desk in (creator, door):
            trust_device(
                conn, desk.device.device_id, desk.device.public_key_b64, desk.label, "test", 0
            )
    server = PagesServer([(door, stream_of(door, meeting))])
    client = httpx.Client(
        base_url="http://server.test", transport=httpx.MockTransport(server.handle)
    )
    sync = SyncClient(late.services, client=client, policy=FAST_RETRIES, sleep=lambda _s: None)

    first = sync.sync_once()

    assert first.outcome is SyncOutcome.OK, first.message
    assert first.ingested == len(stream_of(door, meeting))  # the whole stream is in the journal
    assert [d.type for d in first.deferred] == ["participant.registered"]
    assert late.services.participants.list_participants(meeting) == []

    server.pages.append((creator, creator.events(meeting)))
    second = sync.sync_once()

    assert second.outcome is SyncOutcome.OK, second.message
    assert second.deferred == []
    names = [p.last_name for p in late.services.participants.list_participants(meeting)]
    assert names == ["Diallo"]
    with late.services.database.read() as conn:
        assert list_deferred(conn) == []


def test_a_pulled_event_the_journal_refuses_is_set_aside_with_its_reason(tmp_path: Path) -> None:
    """A fork of a stream this desk holds (another copy of the creator's laptop) cannot enter the
    journal: it is listed with the journal's reason, not dropped without a word."""
    creator = make_desk(tmp_path, "creator")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.meetings.update_meeting(meeting, meeting_fields(place="Salle des fêtes"))
    held = stream_of(creator, meeting)
    with late.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))
        trust_device(
            conn, creator.device.device_id, creator.device.public_key_b64, "creator", "test", 0
        )
        ingest_events(conn, held, late.services.journal.registry)
    last = held[-1]
    forked = replace(last, event_id=new_id(), payload={**last.payload, "base": None})
    forked = replace(forked, hash=forked.computed_hash())
    server = PagesServer([(creator, [forked])])
    client = httpx.Client(
        base_url="http://server.test", transport=httpx.MockTransport(server.handle)
    )
    sync = SyncClient(late.services, client=client, policy=FAST_RETRIES, sleep=lambda _s: None)

    report = sync.sync_once()

    assert report.ingested == 0
    with late.services.database.read() as conn:
        rejections = state.list_rejections(conn)
    assert [(r.event_id, r.seq) for r in rejections] == [(forked.event_id, last.seq)]
    assert rejections[0].reason  # the journal's own words, shown on the Sync page
    assert [e.event_id for e in late.events(meeting)] == [e.event_id for e in held]
