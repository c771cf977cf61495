"""The server takes a stream only as far as its origin device signed it, and serves it so.

No enrolled desk can write under another device's id: a stream must end on a head signed by the
key certified for its device. A desk relaying a never-enrolled desk's stream (from a package its
user trusted) hands on that desk's signature, and the server vouches for its key from then on.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.certificates import CertificateKind, parse_certificate
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import sign_head, stored_heads
from civodesk.journal.store import events_table
from sync.batch_codec import encode_batch
from sync.protocol import RejectionCode
from tests.identities import sign_as_origin
from tests.sync.hostile_events import clean_story, spoil
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import ServerApi

DeskFactory = Callable[..., SyncDesk]


def signed_by(identity: DeviceIdentity) -> Callable[[JournalEvent], str | None]:
    return lambda event: sign_head(identity, event.meeting_id, event.seq, event.hash).signature


def test_a_desk_cannot_push_another_enrolled_desks_stream(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Mana")
    victim, intruder = sync_desk_factory("accueil"), sync_desk_factory("intrus")
    meeting = fill_meeting(victim, participants=5, idea_count=0)
    server_api.enroll(org, victim.device_id)
    intruding = server_api.enroll(org, intruder.device_id)
    events = victim.events(meeting)

    for signer in (None, signed_by(intruder.services.device)):
        body = encode_batch(events, signer=signer)
        answer = server_api.push_raw(intruding, body).json()
        assert answer["accepted"] == 0
        assert {r["code"] for r in answer["rejected"]} == {RejectionCode.UNSIGNED_STREAM}
    assert server_api.push(intruding, events).accepted == len(events)  # its origin's signature


def test_an_unsigned_tail_is_refused_and_the_signed_part_kept(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=5, idea_count=0)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    tip = events[2]

    def only_third(event: JournalEvent) -> str | None:
        return sign_as_origin(event) if event.seq == tip.seq else None

    body = encode_batch(events, signer=only_third, checkpoint_every=1)
    answer = server_api.push_raw(device, body).json()
    assert answer["accepted"] == 3
    assert {r["code"] for r in answer["rejected"]} == {RejectionCode.UNSIGNED_STREAM}
    assert len(answer["rejected"]) == len(events) - 3


def test_a_stream_of_another_organizations_device_is_refused(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk, relay = sync_desk_factory("awala"), sync_desk_factory("mana")
    meeting = fill_meeting(desk, participants=3, idea_count=0)
    server_api.enroll(server_api.organization("Commune d'Awala"), desk.device_id)
    relaying = server_api.enroll(server_api.organization("Commune de Mana"), relay.device_id)
    answer = server_api.push(relaying, desk.events(meeting))
    assert answer.accepted == 0
    # The meeting's creation is written by a device of another organization, so meeting ownership
    # (checked before signatures) refuses it first, as it would an unknown meeting's.
    assert {r.code for r in answer.rejected} == {RejectionCode.FOREIGN_MEETING}


def test_a_relayed_never_enrolled_desk_is_vouched_for_and_served_with_its_certificate(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Papaïchton")
    remote, relay = sync_desk_factory("pirogue"), sync_desk_factory("mairie")
    meeting = fill_meeting(remote, participants=30, idea_count=0)
    relaying = server_api.enroll(org, relay.device_id)
    reader = server_api.enroll(org, "reader-desk")

    assert server_api.push(relaying, remote.events(meeting)).accepted == len(remote.events())
    server_api.join(reader, meeting)

    page = server_api.pull(reader)
    assert len(page.events) == len(remote.events())
    certificates = [parse_certificate(item) for item in page.certificates]
    (vouched,) = [c for c in certificates if c is not None and c.device_id == remote.device_id]
    assert vouched.kind is CertificateKind.VOUCHED
    assert vouched.public_key == remote.services.device.public_key_b64
    assert page.heads[-1].seq == max(e.seq for e in remote.events())


def test_pull_pages_end_on_signed_heads_and_resume_without_loss(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    org = server_api.organization("Commune de Mana")
    desk = sync_desk_factory("accueil")
    meeting = fill_meeting(desk, participants=650, idea_count=0)
    device = server_api.enroll(org, desk.device_id)
    events = sorted(desk.events(meeting), key=lambda e: e.seq)
    for start in range(0, len(events), 250):  # pushes whose tails are not page boundaries
        server_api.push(device, events[start : start + 250])
    reader = server_api.enroll(org, "reader-desk")
    server_api.join(reader, meeting)

    seen: list[JournalEvent] = []
    cursor = ""
    while True:
        page = server_api.pull(reader, cursor, limit=170)
        assert len(page.events) <= 170
        if page.events:
            signed = {(h.seq, h.hash) for h in page.heads}
            assert (page.events[-1].seq, page.events[-1].hash) in signed
        seen += page.events
        assert page.next_cursor is not None
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert [e.event_id for e in seen] == [e.event_id for e in events]


@pytest.mark.parametrize("checkpoint_every", [2, 1_000])
def test_a_refusal_mid_stream_stores_only_events_under_a_stored_signed_head(
    server_api: ServerApi, checkpoint_every: int
) -> None:
    """Events before a refused one are kept only as far as a head signed before the refusal.

    Without the cut, ingest kept the events before the refusal while the only head that signed
    them lay beyond it: the server then held, and served, events no stored signature covered.
    """
    device = server_api.enroll(server_api.organization("Commune de Mana"), "mana-desk")
    story = clean_story("mana-desk")
    steps = list(story.steps)
    spoiled = 4  # seq 5: a participant.registered whose commune holds a NUL
    event_type, payload, personal = steps[spoiled]
    steps[spoiled] = (event_type, spoil(payload, ("commune",), "set", "Ma\x00na"), personal)
    events = story.events(steps)
    body = encode_batch(events, signer=sign_as_origin, checkpoint_every=checkpoint_every)

    answer = server_api.push_raw(device, body).json()

    with server_api.database.engine.connect() as conn:
        held = sorted(
            conn.execute(
                select(events_table.c.seq).where(events_table.c.meeting_id == story.meeting_id)
            ).scalars()
        )
        heads = {head.seq for head in stored_heads(conn, story.meeting_id, "mana-desk")}
    last_signed_before = 4 if checkpoint_every == 2 else 0
    assert held == list(range(1, last_signed_before + 1))
    assert answer["accepted"] == last_signed_before
    assert not held or held[-1] in heads
    refusals = {r["event_id"]: r["code"] for r in answer["rejected"]}
    assert refusals[events[spoiled].event_id] == RejectionCode.INVALID_EVENT
    assert len(refusals) == len(events) - last_signed_before
    assert {refusals[e.event_id] for e in events[last_signed_before:spoiled]} <= {
        RejectionCode.UNSIGNED_STREAM
    }
