"""Push fuzzer: spoiled payloads in genuine streams, and random bodies, on SQLite and PostgreSQL.

Every example pushes the same bytes to a SQLite server and to a PostgreSQL server, with the same
enrolled devices. Each answer must be no server error, and the two answers must be identical. A
spoiled event (missing, extra, oversized, wrong-typed field, NUL or control character, integer past
64 bits, another meeting's id) is refused with its reason, the events before it get in, and
another organization's meeting is untouched. Afterwards a clean meeting still syncs and every copy
has the same fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civodesk.features import registry
from civodesk.journal.event import JournalEvent
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import DEVICE_JOINED, ingest_events
from sync.batch_codec import WIRE_CHECKPOINT_EVENTS, encode_batch
from sync.protocol import MEETINGS_PATH, RejectionCode
from tests.identities import sign_as_origin
from tests.sync.hostile_events import (
    HUGE_INTEGERS,
    INJECTED_KEYS,
    SPOILED_TEXTS,
    WRONG_VALUES,
    chain,
    clean_story,
    is_valid,
    payload_paths,
    spoil,
)
from tests.sync.journal_data import SyncDesk, fill_meeting, open_sync_desk
from tests.sync.server_api import EnrolledDevice, ServerApi

pytestmark = pytest.mark.postgres
FUZZ_EXAMPLES = 60
TEMPLATE = clean_story("template-device")
FOREIGN = "<foreign>"  # replaced by an id of the other organization's meeting
ENVELOPE_FIELDS = ("type", "event_id", "meeting_id", "device_time_ms", "hlc")


@dataclass
class Twin:
    """One server per backend, holding the same organizations, devices and meetings."""

    servers: list[ServerApi]
    pushers: list[EnrolledDevice]
    owner_desk: SyncDesk
    owners: list[EnrolledDevice]
    owner_meeting: str
    foreign_ids: list[str]

    def push_raw(self, body: bytes) -> list[httpx.Response]:
        return [
            api.push_raw(pusher, body)
            for api, pusher in zip(self.servers, self.pushers, strict=True)
        ]

    def views_of_owner_meeting(self) -> list[list[Any]]:
        views = ("", "/attendance", "/agenda", "/ideas", "/proxies", "/checkins", "/fingerprint")
        return [
            [
                api.client.get(
                    f"{MEETINGS_PATH}/{self.owner_meeting}{view}", headers=owner.headers
                ).json()
                for view in views
            ]
            for api, owner in zip(self.servers, self.owners, strict=True)
        ]


@pytest.fixture
def twin(tmp_path: Path, postgres_database_url: str) -> Iterator[Twin]:
    servers = [
        ServerApi.start(url, rate_per_second=1e6, rate_burst=1_000_000)
        for url in (f"sqlite:///{tmp_path / 'server.db'}", postgres_database_url)
    ]
    owner_desk = open_sync_desk(tmp_path / "awala.db", "awala")
    meeting = fill_meeting(owner_desk, participants=5, idea_count=3, seed=4)
    participant = next(
        e.payload["participant_id"]
        for e in owner_desk.events(meeting)
        if e.type == "participant.registered"
    )
    pushers, owners = [], []
    for api in servers:
        pushers.append(api.enroll(api.organization("Commune de Mana"), "mana-desk"))
        owners.append(api.enroll(api.organization("Commune d'Awala"), owner_desk.device_id))
        assert not api.push(owners[-1], owner_desk.events(meeting)).rejected
    try:
        yield Twin(servers, pushers, owner_desk, owners, meeting, [meeting, participant])
    finally:
        owner_desk.close()
        for api in servers:
            api.close()


@st.composite
def spoilings(draw: st.DrawFn) -> dict[str, Any]:
    """Which event of the clean story to spoil, where, and how."""
    index = draw(st.integers(0, len(TEMPLATE.steps) - 1))
    _type, payload, personal = TEMPLATE.steps[index]
    target = draw(st.sampled_from(["payload", "payload", "payload", "personal", "envelope"]))
    values = st.one_of(
        st.sampled_from(WRONG_VALUES),
        st.sampled_from(HUGE_INTEGERS),
        st.sampled_from(SPOILED_TEXTS),
        st.just(FOREIGN),
        st.text(max_size=40),
        st.integers(),
        st.floats(),
    )
    spoiling: dict[str, Any] = {"index": index, "target": target, "rest": draw(st.booleans())}
    if target == "envelope":
        spoiling |= {"field": draw(st.sampled_from(ENVELOPE_FIELDS)), "value": draw(values)}
        return spoiling
    document = payload if target == "payload" else (personal or {"_salt": "00"})
    paths = payload_paths(document)
    spoiling["path"] = paths[draw(st.integers(0, len(paths) - 1))]
    spoiling["how"] = draw(st.sampled_from(["delete", "set", "set", "add"]))
    added_keys = st.one_of(st.sampled_from(INJECTED_KEYS), st.text(min_size=1, max_size=20))
    spoiling["value"] = draw(added_keys if spoiling["how"] == "add" else values)
    return spoiling


def _spoiled_events(spoiling: dict[str, Any], foreign_id: str) -> list[JournalEvent]:
    story = clean_story("mana-desk")
    steps = list(story.steps)
    index = spoiling["index"]
    event_type, payload, personal = steps[index]
    value = foreign_id if spoiling["value"] == FOREIGN else spoiling["value"]
    if spoiling["target"] == "payload":
        payload = spoil(payload, spoiling["path"], spoiling["how"], value)
    elif spoiling["target"] == "personal":
        personal = spoil(personal or {"_salt": "00"}, spoiling["path"], spoiling["how"], value)
    steps[index] = (event_type, payload, personal)
    events = story.events(steps[: index + 1] + (steps[index + 1 :] if spoiling["rest"] else []))
    if spoiling["target"] == "envelope":
        events[index] = _rehashed(replace(events[index], **{spoiling["field"]: value}))
    return events


def _rehashed(event: JournalEvent) -> JournalEvent:
    """The event with a changed envelope, hash recomputed (the next events no longer chain)."""
    try:
        return replace(event, hash=event.computed_hash())
    except (TypeError, ValueError):  # a value JSON cannot encode: keep the stale hash
        return event


def signed_batch(events: list[JournalEvent]) -> bytes:
    """A batch whose runs end on heads signed by their origin device, as a desk sends them."""
    return encode_batch(
        events, level=1, signer=sign_as_origin, checkpoint_every=WIRE_CHECKPOINT_EVENTS
    )


def _encodable(events: list[JournalEvent]) -> bytes | None:
    try:
        return signed_batch(events)
    except (TypeError, ValueError, OverflowError):
        return None  # the desk's own encoder refuses it: nothing a desk could send


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spoiling=spoilings(), foreign_pick=st.integers(0, 1))
def test_spoiled_payloads_are_refused_per_event_alike_on_both_backends(
    twin: Twin, spoiling: dict[str, Any], foreign_pick: int
) -> None:
    before = twin.views_of_owner_meeting()
    events = _spoiled_events(spoiling, twin.foreign_ids[foreign_pick])
    body = _encodable(events)
    if body is None:
        return
    answers = twin.push_raw(body)
    assert all(answer.status_code < 500 for answer in answers), [a.text for a in answers]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].json() == answers[1].json()
    if answers[0].status_code != 200:
        return
    verdict = {item["event_id"]: item for item in answers[0].json()["rejected"]}
    for event in events:
        if not is_valid(event):
            assert event.event_id in verdict, (event.type, registry.payload_problem(event))
    spoiled = events[spoiling["index"]]
    if spoiled.type == DEVICE_JOINED and spoiling.get("path", ())[:1] in (
        ("public_key",),
        ("key_id",),
    ):
        # The key a stream announces is also checked against its certificate: a spoiled key is
        # refused as a malformed payload, as a stream no certified key signed, or held until a
        # certificate for that key arrives.
        assert verdict[spoiled.event_id]["code"] in {
            RejectionCode.INVALID_EVENT,
            RejectionCode.UNSIGNED_STREAM,
            RejectionCode.MISSING_DEPENDENCY,
        }
    elif spoiling["target"] != "envelope" and not is_valid(spoiled):
        assert verdict[spoiled.event_id]["code"] == RejectionCode.INVALID_EVENT, (
            spoiling,
            verdict[spoiled.event_id],
        )
        assert verdict[spoiled.event_id]["reason"] == str(registry.payload_problem(spoiled))
    assert twin.views_of_owner_meeting() == before


def _random_json() -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=30,
    )


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.binary(max_size=512),
        _random_json().map(
            lambda value: zstandard.ZstdCompressor().compress(json.dumps(value).encode())
        ),
        st.fixed_dictionaries(
            {
                "runs": st.lists(
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "meeting_id",
                                "device_id",
                                "first_seq",
                                "prev_hash",
                                "tail_hash",
                                "event_ids",
                                "device_times_ms",
                                "hlcs",
                                "types",
                                "payloads",
                                "personals",
                                "erased_digests",
                            ]
                        ),
                        _random_json(),
                        max_size=12,
                    ),
                    max_size=3,
                )
            }
        ).map(lambda value: zstandard.ZstdCompressor().compress(json.dumps(value).encode())),
    )
)
def test_random_bodies_get_the_same_refusal_on_both_backends(twin: Twin, body: bytes) -> None:
    answers = twin.push_raw(body)
    assert all(answer.status_code < 500 for answer in answers), [a.text for a in answers]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].json() == answers[1].json()


def test_after_the_fuzz_a_clean_meeting_still_syncs_and_fingerprints_match(
    twin: Twin, tmp_path: Path
) -> None:
    for index in range(0, len(TEMPLATE.steps), 3):
        spoiled = _spoiled_events(
            {
                "index": index,
                "target": "payload",
                "rest": True,
                "path": ("x",),
                "how": "add",
                "value": "meeting_id",
            },
            twin.owner_meeting,
        )
        for answer in twin.push_raw(signed_batch(spoiled)):
            assert answer.status_code == 200
    desk = twin.owner_desk
    fill_meeting(desk, twin.owner_meeting, participants=4, idea_count=2, seed=9)
    for api, owner in zip(twin.servers, twin.owners, strict=True):
        answer = api.push(owner, desk.events(twin.owner_meeting))
        assert not answer.rejected
        assert answer.accepted == 6
    expected = meeting_fingerprint_of(desk, twin.owner_meeting)
    for index, (api, owner) in enumerate(zip(twin.servers, twin.owners, strict=True)):
        reader = open_sync_desk(tmp_path / f"reader-{index}.db", f"reader-{index}")
        try:
            colleague = api.enroll(owner.organization, reader.device_id)
            api.join(colleague, twin.owner_meeting)
            events, _cursor = api.pull_all(colleague)
            with reader.services.database.write() as conn:
                outcomes = ingest_events(conn, events, registry)
            assert {outcome.status.value for outcome in outcomes} == {"accepted"}
            served = api.client.get(
                f"{MEETINGS_PATH}/{twin.owner_meeting}/fingerprint", headers=owner.headers
            ).json()["fingerprint"]
            assert served == expected == meeting_fingerprint_of(reader, twin.owner_meeting)
        finally:
            reader.close()


def meeting_fingerprint_of(desk: SyncDesk, meeting_id: str) -> str:
    with desk.services.database.read() as conn:
        return meeting_fingerprint(conn, meeting_id)


def test_a_reused_event_id_is_a_conflict_never_a_duplicate(twin: Twin) -> None:
    """Same event ids, other content: a conflict on both backends, never ``duplicate``."""
    story = clean_story("mana-desk")
    events = story.events()[:3]
    for api, pusher in zip(twin.servers, twin.pushers, strict=True):
        assert api.push(pusher, events).accepted == 3
    other = chain(
        story.meeting_id,
        story.device_id,
        story.steps[:3],
        start_ms=1_800_000_000_000,
        event_ids=[event.event_id for event in events],
    )
    answers = [
        api.push(pusher, other) for api, pusher in zip(twin.servers, twin.pushers, strict=True)
    ]
    assert answers[0] == answers[1]
    assert answers[0].duplicate == 0
    assert {r.code for r in answers[0].rejected} == {RejectionCode.EVENT_ID_CONFLICT}
    assert [
        api.push(pusher, events).duplicate
        for api, pusher in zip(twin.servers, twin.pushers, strict=True)
    ] == [3, 3]


def test_names_that_fold_longer_than_their_column_are_stored_alike(twin: Twin) -> None:
    """« ㎯ » folds to « rad s2 »: the search key is cut to its column on both backends."""
    story = clean_story("mana-desk")
    steps = list(story.steps[:5])
    event_type, payload, personal = steps[4]
    steps[4] = (event_type, payload, {**(personal or {}), "first_name": "\u33af" * 200})
    answers = twin.push_raw(signed_batch(story.events(steps)))
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["accepted"] == 5
