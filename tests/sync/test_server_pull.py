"""Pull: other devices' events of the joined meetings, after a server-issued cursor, exactly once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from civodesk.features import registry
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import IngestStatus, ingest_events
from sync.batch_codec import encode_batch
from sync.protocol import MEETINGS_PATH, PULL_PATH
from tests.identities import sign_as_origin
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[..., SyncDesk]
DAY_MS = 86_400_000


def ids(events: list[JournalEvent]) -> list[str]:
    return sorted(e.event_id for e in events)


def ingest_into(desk: SyncDesk, events: list[JournalEvent]) -> None:
    with desk.services.database.write() as conn:
        outcomes = ingest_events(conn, events, registry, desk.services.journal)
    assert {o.status for o in outcomes} <= {IngestStatus.ACCEPTED, IngestStatus.DUPLICATE}


def test_each_desk_pulls_only_what_other_devices_wrote(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """Two desks in one meeting: each receives the other's events, never its own."""
    org = server_api.organization("Commune de Saint-Laurent-du-Maroni")
    accueil, salle = sync_desk_factory("accueil"), sync_desk_factory("salle")
    meeting = fill_meeting(accueil, participants=15, idea_count=0)
    first = server_api.enroll(org, accueil.device_id)
    second = server_api.enroll(org, salle.device_id)
    server_api.push(first, accueil.events())
    assert server_api.pull_all(second)[0] == []  # salle has not joined the meeting yet
    server_api.join(second, meeting)
    received, salle_cursor = server_api.pull_all(second)
    assert ids(received) == ids(accueil.events())
    ingest_into(salle, received)
    fill_meeting(salle, meeting_id=meeting, participants=0, idea_count=7, seed=5)
    own = [e for e in salle.events() if e.device_id == salle.device_id]
    server_api.push(second, own)

    back, _ = server_api.pull_all(first)
    assert ids(back) == ids(own)
    later = server_api.pull(second, salle_cursor)
    assert later.events == []  # its own new events are not sent back
    assert later.has_more is False


def test_events_pushed_on_behalf_of_another_desk_are_not_sent_back(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A desk that imported a package pushes its author's events; neither gets them back twice."""
    org = server_api.organization("Commune de Mana")
    author, carrier = sync_desk_factory("author"), sync_desk_factory("carrier")
    meeting = fill_meeting(author, participants=6, idea_count=2)
    author_device = server_api.enroll(org, author.device_id)
    carrier_device = server_api.enroll(org, carrier.device_id)
    observer = server_api.enroll(org, "observer-desk")

    answer = server_api.push(carrier_device, author.events())
    assert answer.accepted == len(author.events())
    server_api.join(observer, meeting)
    assert server_api.pull_all(carrier_device)[0] == []
    assert server_api.pull_all(author_device)[0] == []
    assert ids(server_api.pull_all(observer)[0]) == ids(author.events())


def test_pages_neither_overlap_nor_skip_and_a_cursor_can_be_replayed(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Mana")
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=95, idea_count=20)
    pusher = server_api.enroll(org, desk.device_id)
    reader = server_api.enroll(org, "reader-desk")
    server_api.push(pusher, desk.events())
    server_api.join(reader, meeting)

    pages = []
    cursor = ""
    while True:
        page = server_api.pull(reader, cursor, limit=17)
        again = server_api.pull(reader, cursor, limit=17)
        assert ids(again.events) == ids(page.events)  # same cursor, same page
        pages.append(page.events)
        assert page.next_cursor is not None
        cursor = page.next_cursor
        if not page.has_more:
            break
    everything = [e for page in pages for e in page]
    assert len(everything) == len(set(ids(everything)))
    assert ids(everything) == ids(desk.events())
    assert server_api.pull(reader, cursor).events == []


def test_a_cursor_never_passes_over_events_pushed_concurrently(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Mana")
    desks = [sync_desk_factory(f"desk-{n}") for n in range(4)]
    journals = []
    for n, desk in enumerate(desks):
        fill_meeting(desk, participants=80, idea_count=10, seed=n)
        journals.append(sorted(desk.events(), key=lambda e: e.seq))
    devices = [server_api.enroll(org, desk.device_id) for desk in desks]
    reader = server_api.enroll(org, "reader-desk")
    for device, journal in zip(devices, journals, strict=True):  # the meetings exist: join them
        server_api.push(device, journal[:10])
        server_api.join(reader, journal[0].meeting_id)
    done = threading.Event()
    seen: list[JournalEvent] = []

    def push(device: EnrolledDevice, journal: list[JournalEvent]) -> None:
        for start in range(10, len(journal), 10):
            server_api.push(device, journal[start : start + 10])

    def read() -> None:
        cursor = ""
        while True:
            finished = done.is_set()
            page = server_api.pull(reader, cursor, limit=25)
            seen.extend(page.events)
            assert page.next_cursor is not None
            cursor = page.next_cursor
            if finished and not page.has_more:
                return

    pushers = [
        threading.Thread(target=push, args=(device, journal))
        for device, journal in zip(devices, journals, strict=True)
    ]
    reader_thread = threading.Thread(target=read)
    reader_thread.start()
    for thread in pushers:
        thread.start()
    for thread in pushers:
        thread.join()
    done.set()
    reader_thread.join()

    expected = [e for journal in journals for e in journal]
    assert len(seen) == len(expected)  # nothing twice
    assert ids(seen) == ids(expected)  # nothing lost


def test_skewed_device_clocks_do_not_affect_cursors(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A desk whose clock is days behind pushes after the reader's cursor: still delivered."""
    org = server_api.organization("Commune de Mana")
    ahead = sync_desk_factory("ahead", start_ms=1_764_150_000_000 + 3 * DAY_MS)
    behind = sync_desk_factory("behind", start_ms=1_764_150_000_000 - 40 * DAY_MS)
    reader = server_api.enroll(org, "reader-desk")
    ahead_meeting = fill_meeting(ahead, participants=5, idea_count=1)
    server_api.push(server_api.enroll(org, ahead.device_id), ahead.events())
    server_api.join(reader, ahead_meeting)
    first, cursor = server_api.pull_all(reader)
    assert ids(first) == ids(ahead.events())

    behind_meeting = fill_meeting(behind, participants=5, idea_count=1, seed=9)
    behind_own = behind.events()
    server_api.push(server_api.enroll(org, behind.device_id), behind_own)
    server_api.join(reader, behind_meeting)

    later, _ = server_api.pull_all(reader, cursor=cursor)
    assert ids(later) == ids(behind_own)


def test_a_desk_that_pulled_everything_has_the_servers_fingerprint(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """Desks and server agree on the fingerprint whatever order the events arrived in."""
    org = server_api.organization("Commune de Mana")
    accueil, salle, archive = (
        sync_desk_factory("accueil"),
        sync_desk_factory("salle"),
        sync_desk_factory("archive"),
    )
    meeting = fill_meeting(accueil, participants=25, idea_count=5)
    first = server_api.enroll(org, accueil.device_id)
    second = server_api.enroll(org, salle.device_id)
    server_api.push(first, accueil.events())
    server_api.join(second, meeting)
    ingest_into(salle, server_api.pull_all(second)[0])
    fill_meeting(salle, meeting_id=meeting, participants=10, idea_count=3, seed=3)
    server_api.push(second, [e for e in salle.events() if e.device_id == salle.device_id])
    ingest_into(accueil, server_api.pull_all(first)[0])
    # The archive desk receives everything in small pages.
    archivist = server_api.enroll(org, archive.device_id)
    server_api.join(archivist, meeting)
    everything = server_api.pull_all(archivist, limit=40)[0]
    ingest_into(archive, everything)

    served = server_api.client.get(
        f"{MEETINGS_PATH}/{meeting}/fingerprint", headers=first.headers
    ).json()
    assert served["event_count"] == len(accueil.events(meeting))
    for desk in (accueil, salle, archive):
        assert desk.services.journal_tools.fingerprint(meeting) == served["fingerprint"]


def test_batches_travel_zstd_only_and_json_answers_may_be_gzipped(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Mana")
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=120, idea_count=0)
    pusher = server_api.enroll(org, desk.device_id)
    reader = server_api.enroll(org, "reader-desk")
    server_api.push(pusher, desk.events())
    server_api.join(reader, meeting)
    gzip = {"Accept-Encoding": "gzip"}

    page = server_api.client.get(PULL_PATH, headers={**reader.headers, **gzip})
    assert "content-encoding" not in page.headers  # already compressed: no second layer
    resend = server_api.push_raw(pusher, encode_batch(desk.events(), signer=sign_as_origin), **gzip)
    assert resend.headers["content-encoding"] == "gzip"  # 120+ duplicate ids
    assert resend.json()["duplicate"] == len(desk.events())
