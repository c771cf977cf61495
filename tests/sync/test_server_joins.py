"""A desk holds only the meetings it takes part in: created, imported from a package, or joined.

Two meetings of one organization, on SQLite and PostgreSQL: a desk of the organization that has
not joined one receives none of its events (no name, no phone on the wire) and cannot write into
it; the directory shows it by title, dates and place only; once joined, the pulls bring the whole
meeting, the events received before the join included, each exactly once.
"""

from __future__ import annotations

from collections.abc import Callable

from civodesk.features import registry
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import DEVICE_JOINED, IngestStatus, ingest_events, iter_events
from sync.batch_codec import decompress_bounded
from sync.membership import DIRECTORY_PATH, decode_position, join_path
from sync.protocol import MEETINGS_PATH, PULL_PATH, ErrorCode, RejectionCode
from tests.identities import identity_for
from tests.sync.hostile_events import chain
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[[str], SyncDesk]


def ids(events: list[JournalEvent]) -> list[str]:
    return sorted(e.event_id for e in events)


def names_and_phones(desk: SyncDesk, meeting_id: str) -> set[str]:
    found = set()
    for event in desk.events(meeting_id):
        if event.type == "participant.registered" and event.personal:
            found |= {str(event.personal["last_name"]), str(event.personal["phone"])}
    return found


def raw_pull(api: ServerApi, device: EnrolledDevice) -> bytes:
    """Every page's decompressed body, as it travelled."""
    bodies, cursor = [], ""
    while True:
        response = api.client.get(PULL_PATH, params={"cursor": cursor}, headers=device.headers)
        assert response.status_code == 200
        bodies.append(decompress_bounded(response.content))
        page = api.pull(device, cursor)
        assert page.next_cursor is not None
        cursor = page.next_cursor
        if not page.has_more:
            return b"".join(bodies)


def two_meetings(
    api: ServerApi, desks: DeskFactory
) -> tuple[SyncDesk, SyncDesk, str, str, EnrolledDevice, EnrolledDevice, EnrolledDevice]:
    """Mana's town hall runs meeting A, its school desk meeting B; a third desk joins neither."""
    org = api.organization("Commune de Mana")
    hall, school = desks("hall"), desks("school")
    meeting_a = fill_meeting(hall, participants=12, idea_count=3, seed=1)
    meeting_b = fill_meeting(school, participants=9, idea_count=2, seed=2)
    hall_device = api.enroll(org, hall.device_id)
    school_device = api.enroll(org, school.device_id)
    newcomer = api.enroll(org, "newcomer-desk")
    assert not api.push(hall_device, hall.events()).rejected
    assert not api.push(school_device, school.events()).rejected
    return hall, school, meeting_a, meeting_b, hall_device, school_device, newcomer


def test_a_desk_that_has_not_joined_a_meeting_receives_none_of_its_events(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    hall, school, meeting_a, meeting_b, hall_device, school_device, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    assert server_api.pull_all(newcomer)[0] == []
    wire = raw_pull(server_api, newcomer).decode()
    secrets = names_and_phones(hall, meeting_a) | names_and_phones(school, meeting_b)
    assert secrets
    assert not any(secret in wire for secret in secrets)
    # Each creator receives nothing of the other's meeting either.
    assert server_api.pull_all(hall_device)[0] == []
    assert server_api.pull_all(school_device)[0] == []


def test_the_directory_shows_titles_dates_and_places_and_nothing_about_people(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    hall, school, meeting_a, meeting_b, hall_device, _school, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    response = server_api.client.get(DIRECTORY_PATH, headers=newcomer.headers)
    assert response.status_code == 200
    listed = response.json()["meetings"]
    assert {entry["meeting_id"] for entry in listed} == {meeting_a, meeting_b}
    meeting = hall.services.meetings.get_meeting(meeting_a).fields
    entry = next(entry for entry in listed if entry["meeting_id"] == meeting_a)
    assert set(entry) == {"meeting_id", "title", "place", "starts_at", "ends_at", "joined"}
    assert (entry["title"], entry["place"], entry["joined"]) == (
        meeting.title,
        meeting.place,
        False,
    )
    text = response.text
    secrets = names_and_phones(hall, meeting_a) | names_and_phones(school, meeting_b)
    assert not any(secret in text for secret in secrets | set(meeting.facilitators))
    mine = server_api.client.get(DIRECTORY_PATH, headers=hall_device.headers).json()["meetings"]
    assert {e["meeting_id"]: e["joined"] for e in mine} == {meeting_a: True, meeting_b: False}


def test_after_joining_the_pulls_bring_the_whole_meeting_once(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    hall, school, meeting_a, meeting_b, hall_device, _school, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    _nothing, cursor = server_api.pull_all(newcomer)
    answer = server_api.join(newcomer, meeting_a)
    assert (answer.reason, answer.already) == ("joined", False)
    assert server_api.join(newcomer, meeting_a).already

    pages, again_cursor = [], cursor
    while True:  # small pages: the backfill and its cursor, replayed page by page
        page = server_api.pull(newcomer, again_cursor, limit=7)
        assert ids(server_api.pull(newcomer, again_cursor, limit=7).events) == ids(page.events)
        pages.append(page.events)
        assert page.next_cursor is not None
        again_cursor = page.next_cursor
        if not page.has_more:
            break
    received = [event for page in pages for event in page]
    assert len(received) == len(set(ids(received)))
    assert ids(received) == ids(hall.events(meeting_a))
    assert decode_position(again_cursor).backfilled > 0

    fill_meeting(hall, meeting_id=meeting_a, participants=3, idea_count=1, seed=9)
    fill_meeting(school, meeting_id=meeting_b, participants=3, idea_count=1, seed=9)
    known = set(ids(received))
    assert not server_api.push(hall_device, hall.events()).rejected
    later, _cursor = server_api.pull_all(newcomer, cursor=again_cursor)
    assert ids(later) == sorted(set(ids(hall.events(meeting_a))) - known)


def test_a_join_between_two_pages_loses_nothing(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A desk half way through its pulls joins a meeting: the rest and the backfill both come."""
    org = server_api.organization("Commune d'Apatou")
    hall, school = sync_desk_factory("hall"), sync_desk_factory("school")
    meeting_a = fill_meeting(hall, participants=30, idea_count=5, seed=3)
    meeting_b = fill_meeting(school, participants=30, idea_count=5, seed=4)
    hall_device = server_api.enroll(org, hall.device_id)
    school_device = server_api.enroll(org, school.device_id)
    reader = server_api.enroll(org, "reader-desk")
    server_api.push(school_device, school.events()[:40])
    server_api.join(reader, meeting_b)
    server_api.push(school_device, school.events())
    server_api.push(hall_device, hall.events())
    first = server_api.pull(reader, "", limit=10)
    assert first.has_more
    assert first.next_cursor is not None
    server_api.join(reader, meeting_a)
    rest, _cursor = server_api.pull_all(reader, limit=10, cursor=first.next_cursor)
    everything = first.events + rest
    assert len(everything) == len(set(ids(everything)))
    assert ids(everything) == ids(hall.events(meeting_a) + school.events(meeting_b))


def test_a_desk_cannot_write_into_a_meeting_it_has_not_joined_until_it_joins(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    hall, _school, meeting_a, _b, hall_device, _school_device, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    before = ids(hall.events(meeting_a))
    identity = identity_for(newcomer.device_id)
    joined = {"public_key": identity.public_key_b64, "key_id": identity.key_id, "label": "Salle"}
    stream = chain(meeting_a, newcomer.device_id, [(DEVICE_JOINED, joined, None)])
    answer = server_api.push(newcomer, stream)
    assert [(r.code, r.retryable) for r in answer.rejected] == [(RejectionCode.NOT_JOINED, False)]
    assert "join" in answer.rejected[0].reason
    with server_api.database.read() as conn:
        stored = ids(list(iter_events(conn, meeting_a)))
    assert stored == before

    server_api.join(newcomer, meeting_a)
    answer = server_api.push(newcomer, stream)
    assert answer.rejected == []
    assert answer.accepted == len(stream)
    back, _cursor = server_api.pull_all(hall_device)
    assert ids(back) == ids(stream)


def test_relaying_a_package_makes_the_relay_take_part(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    """A desk that pushes another desk's signed stream (from a package) holds that meeting."""
    hall, _school, meeting_a, _b, hall_device, _school_device, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    relay = sync_desk_factory("relay")
    with relay.services.database.write() as conn:
        outcomes = ingest_events(conn, hall.events(meeting_a), registry, relay.services.journal)
    assert {o.status for o in outcomes} == {IngestStatus.ACCEPTED}
    relay_device = server_api.enroll(newcomer.organization, relay.device_id)
    answer = server_api.push(relay_device, hall.events(meeting_a))
    assert answer.rejected == []
    assert answer.duplicate == len(hall.events(meeting_a))
    listed = server_api.client.get(DIRECTORY_PATH, headers=relay_device.headers).json()
    assert {e["meeting_id"]: e["joined"] for e in listed["meetings"]}[meeting_a] is True
    fill_meeting(hall, meeting_id=meeting_a, participants=2, idea_count=0, seed=11)
    news = [e for e in hall.events(meeting_a) if e.seq > answer.received]
    server_api.push(hall_device, hall.events())
    got, _cursor = server_api.pull_all(relay_device)
    assert set(ids(news)) <= set(ids(got))


def test_joining_an_unknown_or_another_organizations_meeting_is_404_alike(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    _hall, _school, meeting_a, _b, _hall_device, _school_device, _newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    stranger = server_api.enroll(server_api.organization("Commune d'Awala"), "stranger-desk")
    other = server_api.client.post(join_path(meeting_a), headers=stranger.headers)
    unknown = server_api.client.post(join_path("no-such-meeting"), headers=stranger.headers)
    assert other.status_code == unknown.status_code == 404
    assert other.json() == unknown.json()
    assert server_api.client.get(DIRECTORY_PATH, headers=stranger.headers).json() == {
        "meetings": []
    }
    assert server_api.pull_all(stranger)[0] == []


JOURNAL_VIEWS = (
    "attendance",
    "events/summary",
    "fingerprint",
    "agenda",
    "checkins",
    "proxies",
    "ideas",
    "votes",
    "minutes.pdf",
)


def test_a_meetings_views_answer_only_the_desks_that_take_part_in_it(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    _hall, _school, meeting_a, _b, hall_device, school_device, newcomer = two_meetings(
        server_api, sync_desk_factory
    )
    stranger = server_api.enroll(server_api.organization("Commune d'Awala"), "stranger-desk")
    get = server_api.client.get
    for view in JOURNAL_VIEWS:
        path = f"{MEETINGS_PATH}/{meeting_a}/{view}"
        assert get(path, headers=hall_device.headers).status_code == 200, view
        for outsider in (school_device, newcomer):
            refused = get(path, headers=outsider.headers)
            assert refused.status_code == 403, view
            assert refused.json()["error"] == ErrorCode.NOT_JOINED
        # Another organization's desk is not told that the meeting exists.
        hidden = get(path, headers=stranger.headers)
        unknown = get(f"{MEETINGS_PATH}/no-such-meeting/{view}", headers=stranger.headers)
        assert hidden.status_code == unknown.status_code == 404, view
        assert hidden.json() == unknown.json()
    # The meeting's row of the list is the organization's, as the directory is.
    assert get(f"{MEETINGS_PATH}/{meeting_a}", headers=newcomer.headers).status_code == 200
    server_api.join(newcomer, meeting_a)
    for view in JOURNAL_VIEWS:
        path = f"{MEETINGS_PATH}/{meeting_a}/{view}"
        assert get(path, headers=newcomer.headers).status_code == 200, view
