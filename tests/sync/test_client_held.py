"""Pulled events the journal refuses are kept whole and tried again: the cursor moved past them.

The server is scripted (``tests.sync.test_client_deferred.PagesServer``) and serves each page once,
as the real one does once the desk stored the cursor after it. An event refused because what it
lacked had not arrived (its device's key) enters the journal at the next sync after it arrives; a
permanently bad one (a fork) stays listed with its reason and the number of tries, never dropped.
A package import tries them again too (``civodesk.after_package_import``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from civodesk.ids import new_id
from civodesk.journal.certificates import trust_device
from civodesk.journal.store import ingest_events
from civodesk.participants.participant import ParticipantFields
from civodesk.transfer import package as transfer_package
from civodesk.transfer.package import export_meeting, import_package, released_message
from sync.client import state
from sync.client.engine import SyncClient, SyncOutcome
from tests.factories import meeting_fields
from tests.sync.sync_harness import FAST_RETRIES, SyncingDesk, make_desk
from tests.sync.test_client_deferred import PagesServer, stream_of


def scripted(desk: SyncingDesk, server: PagesServer) -> SyncClient:
    client = httpx.Client(
        base_url="http://server.test", transport=httpx.MockTransport(server.handle)
    )
    return SyncClient(desk.services, client=client, policy=FAST_RETRIES, sleep=lambda _s: None)


def enrolled(desk: SyncingDesk) -> None:
    with desk.services.database.write() as conn:
        state.save_enrollment(conn, state.Enrollment("http://server.test", "tok", "Org", 0, None))


def test_a_stream_refused_for_an_unvouched_key_enters_once_the_key_is_confirmed(
    tmp_path: Path,
) -> None:
    creator = make_desk(tmp_path, "creator")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.participants.register_many(
        meeting, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Lefèvre")]
    )
    enrolled(late)
    server = PagesServer([(creator, stream_of(creator, meeting))])
    sync = scripted(late, server)

    first = sync.sync_once()

    assert first.ingested == 0
    assert len(first.set_aside) == len(stream_of(creator, meeting))
    assert late.events(meeting) == []
    assert server.served == 1  # the page is not served again: the cursor is past it

    with late.services.database.write() as conn:  # the user confirms the creator's key
        trust_device(
            conn, creator.device.device_id, creator.device.public_key_b64, "creator", "test", 0
        )
    second = sync.sync_once()

    assert second.outcome is SyncOutcome.OK, second.message
    assert second.set_aside == []
    assert [e.event_id for e in late.events(meeting)] == [
        e.event_id for e in stream_of(creator, meeting)
    ]
    names = sorted(p.last_name for p in late.services.participants.list_participants(meeting))
    assert names == ["Diallo", "Lefèvre"]
    with late.services.database.read() as conn:
        assert state.held_events(conn) == ([], {})


def test_a_permanently_refused_event_stays_listed_with_its_reason_and_tries(
    tmp_path: Path,
) -> None:
    creator = make_desk(tmp_path, "creator")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.meetings.update_meeting(meeting, meeting_fields(place="Salle des fêtes"))
    held = stream_of(creator, meeting)
    enrolled(late)
    with late.services.database.write() as conn:
        trust_device(
            conn, creator.device.device_id, creator.device.public_key_b64, "creator", "test", 0
        )
        ingest_events(conn, held, late.services.journal.registry)
    last = held[-1]
    forked = replace(last, event_id=new_id(), payload={**last.payload, "base": None})
    forked = replace(forked, hash=forked.computed_hash())
    sync = scripted(late, PagesServer([(creator, [forked])]))

    reports = [sync.sync_once() for _ in range(3)]

    assert [[r.event_id for r in report.set_aside] for report in reports] == [[forked.event_id]] * 3
    assert [report.set_aside[0].retries for report in reports] == [
        1,
        2,
        3,
    ]  # once after its own pull
    assert all(report.set_aside[0].reason for report in reports)
    assert all(report.outcome is SyncOutcome.INCOMPLETE for report in reports)
    with late.services.database.read() as conn:
        kept, _signatures = state.held_events(conn)
    assert kept == [forked]  # the whole event, personal part and hash included
    assert [e.event_id for e in late.events(meeting)] == [e.event_id for e in held]


def test_a_purge_erases_the_personal_parts_of_held_events_too(tmp_path: Path) -> None:
    creator = make_desk(tmp_path, "creator")
    door = make_desk(tmp_path, "door")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    with door.services.database.write() as conn:
        ingest_events(conn, creator.events(meeting), door.services.journal.registry)
    door.services.participants.register_many(meeting, [ParticipantFields("Zoé", "Quintardissime")])
    enrolled(late)
    with late.services.database.write() as conn:
        trust_device(
            conn, creator.device.device_id, creator.device.public_key_b64, "creator", "test", 0
        )
        ingest_events(conn, creator.events(meeting), late.services.journal.registry)
    server = PagesServer([(door, stream_of(door, meeting))])
    sync = scripted(late, server)
    assert sync.sync_once().set_aside  # the door's key is vouched for by nothing yet
    creator.services.meetings.close_meeting(meeting)
    creator.services.privacy.purge_personal_data(meeting)
    server.pages.append((creator, stream_of(creator, meeting)))

    sync.sync_once()  # the purge arrives

    with late.services.database.read() as conn:
        kept, _signatures = state.held_events(conn)
    assert kept
    assert all(e.personal is None for e in kept)
    with late.services.database.write() as conn:
        trust_device(conn, door.device.device_id, door.device.public_key_b64, "door", "test", 0)
    assert sync.sync_once().set_aside == []  # the erased events still chain and enter
    assert {e.event_id for e in stream_of(door, meeting)} <= set(late.event_ids())
    registered = [e for e in late.events(meeting) if e.type == "participant.registered"]
    assert registered
    assert all(e.personal is None for e in registered)


def test_a_package_that_vouches_for_a_desk_lets_its_held_events_in_at_once(
    tmp_path: Path,
) -> None:
    """The events of a desk nobody vouched for wait after a pull. Importing a package of another
    of its meetings, whose key the user confirms, lets them in within the import, without
    waiting for the next sync, and says so."""
    creator = make_desk(tmp_path, "creator")
    late = make_desk(tmp_path, "late")
    pulled = creator.services.meetings.create_meeting(meeting_fields(title="Quartier")).meeting_id
    creator.services.participants.register_many(pulled, [ParticipantFields("Awa", "Diallo")])
    carried = creator.services.meetings.create_meeting(meeting_fields(title="Budget")).meeting_id
    enrolled(late)
    assert len(
        scripted(late, PagesServer([(creator, stream_of(creator, pulled))])).sync_once().set_aside
    ) == len(stream_of(creator, pulled))
    package = tmp_path / "budget.civodesk"
    export_meeting(creator.services, carried, package)

    report = import_package(late.services, package, trust=True)

    assert report.released == len(stream_of(creator, pulled))
    assert "ont pu être appliqués" in released_message(report.released)
    assert [e.event_id for e in late.events(pulled)] == [
        e.event_id for e in stream_of(creator, pulled)
    ]
    assert [p.last_name for p in late.services.participants.list_participants(pulled)] == ["Diallo"]
    with late.services.database.read() as conn:
        assert state.held_events(conn) == ([], {})
        assert state.list_rejections(conn) == []


def test_an_erasure_made_on_this_desk_reaches_its_held_copies_at_once(tmp_path: Path) -> None:
    """The door's registration of Zoé waits (nobody vouched for the door yet). Zoé asks this
    desk to forget her: her name leaves the held copy in the same transaction, with no sync."""
    creator = make_desk(tmp_path, "creator")
    door = make_desk(tmp_path, "door")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    creator.services.participants.register_many(
        meeting, [ParticipantFields("Zoé", "Quintardissime")]
    )
    (zoe,) = creator.services.participants.list_participants(meeting)
    with door.services.database.write() as conn:
        ingest_events(conn, creator.events(meeting), door.services.journal.registry)
    door.services.participants.update_participant(
        meeting, zoe.id, {"last_name": "Quintardissime-Ebo"}
    )
    enrolled(late)
    with late.services.database.write() as conn:
        trust_device(
            conn, creator.device.device_id, creator.device.public_key_b64, "creator", "test", 0
        )
        ingest_events(conn, creator.events(meeting), late.services.journal.registry)
    assert scripted(late, PagesServer([(door, stream_of(door, meeting))])).sync_once().set_aside
    with late.services.database.read() as conn:
        assert any("Quintardissime-Ebo" in str(e.personal) for e in state.held_events(conn)[0])

    late.services.privacy.erase_participant(meeting, zoe.id)

    with late.services.database.read() as conn:
        kept, _signatures = state.held_events(conn)
    assert kept
    assert not any("Quintardissime" in str(e.personal) for e in kept)


def test_a_failing_retry_of_held_events_never_stops_the_package_from_entering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    creator = make_desk(tmp_path, "creator")
    late = make_desk(tmp_path, "late")
    meeting = creator.services.meetings.create_meeting(meeting_fields()).meeting_id
    package = tmp_path / "reunion.civo"
    export_meeting(creator.services, meeting, package)

    def broken(_group: str) -> tuple[object, ...]:
        raise ImportError("the sync client's entry point does not load")

    monkeypatch.setattr(transfer_package, "hooks", broken)
    report = import_package(late.services, package, trust=True)

    assert report.released == 0
    assert report.accepted == len(stream_of(creator, meeting))
    assert [e.event_id for e in late.events(meeting)] == [
        e.event_id for e in stream_of(creator, meeting)
    ]
