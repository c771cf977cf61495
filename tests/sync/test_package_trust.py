"""Packages are trusted per desk: a signed head by a vouched key, or the user's confirmation.

The forger here knows the format completely: they change a name, recompute the personal digest,
every event hash and the chain, re-sign the stream heads and the package with a fresh key. Only the
key itself gives them away, because the importing desk knows (or does not know) whose key it is.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import zstandard

from civodesk.checkin.badge_token import issue_token
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.certificates import key_fingerprint
from civodesk.journal.event import GENESIS_HASH, JournalEvent, canonical_json, personal_digest
from civodesk.journal.signing import SignedHead, head_message
from civodesk.journal.store import DEVICE_JOINED, Journal, event_to_row
from civodesk.participants.participant import ParticipantFields
from civodesk.transfer.package import (
    COMPRESSION_LEVEL,
    PackageError,
    PackageHeader,
    UntrustedPackageError,
    _signed_part,
    export_meeting,
    import_package,
)
from tests.core.desks import Desk, open_desk
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def desks(tmp_path: Path):
    opened = [open_desk(tmp_path / f"{name}.db", name) for name in ("mana", "awala", "apatou")]
    yield opened
    for desk in opened:
        desk.close()


def make_meeting(desk: Desk) -> str:
    meeting_id = desk.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    desk.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Lefèvre")]
    )
    return meeting_id


def forge(events: list[JournalEvent], forger: DeviceIdentity, *, announce_key: bool) -> bytes:
    """Rename a participant, recompute every digest and hash, re-sign everything with ``forger``."""
    forged: list[JournalEvent] = []
    prev = GENESIS_HASH
    renamed = False
    for event in sorted(events, key=lambda e: e.seq):
        personal, payload = event.personal, event.payload
        if personal is not None and not renamed and "last_name" in personal:
            personal, renamed = {**personal, "last_name": "Falsifié"}, True
        if event.type == DEVICE_JOINED and announce_key:
            payload = {**payload, "public_key": forger.public_key_b64}
        draft = replace(
            event,
            payload=payload,
            personal=personal,
            personal_digest=personal_digest(personal),
            prev_hash=prev,
        )
        draft = replace(draft, hash=draft.computed_hash())
        forged.append(draft)
        prev = draft.hash
    assert renamed
    tip = forged[-1]
    signature = forger.sign(head_message(tip.meeting_id, tip.device_id, tip.seq, tip.hash))
    head = SignedHead(
        tip.meeting_id, tip.device_id, tip.seq, tip.hash, base64.b64encode(signature).decode()
    )
    body_text = "".join(canonical_json(event_to_row(event)) + "\n" for event in forged)
    body = zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compress(body_text.encode())
    header = PackageHeader(
        meeting_id=tip.meeting_id,
        meeting_title="Réunion",
        exported_by_device=tip.device_id,
        exported_by_label="mana",
        public_key=forger.public_key_b64,
        exported_at_ms=0,
        event_count=len(forged),
        stream_count=1,
        body_sha256=hashlib.sha256(body).hexdigest(),
        signed_heads=(head,),
    )
    signed = _signed_part(header)
    return signed + forger.sign(signed) + body


def test_a_package_from_an_unknown_desk_needs_confirmation(
    desks: list[Desk], tmp_path: Path
) -> None:
    mana, awala, _apatou = desks
    meeting_id = make_meeting(mana)
    export_meeting(mana.services, meeting_id, tmp_path / "m.civo")

    with pytest.raises(UntrustedPackageError) as refused:
        import_package(awala.services, tmp_path / "m.civo")
    assert awala.event_ids() == set()
    (desk,) = refused.value.desks
    assert (desk.device_id, desk.label) == (mana.device_id, "mana")
    assert desk.fingerprint == key_fingerprint(mana.services.device.public_key_b64)
    assert desk.fingerprint in str(refused.value)

    report = import_package(awala.services, tmp_path / "m.civo", trust=True)
    assert report.accepted == len(mana.events(meeting_id))
    assert [d.device_id for d in report.trusted] == [mana.device_id]

    mana.services.participants.register_many(meeting_id, [ParticipantFields("Léa", "Martin")])
    export_meeting(mana.services, meeting_id, tmp_path / "m2.civo")
    again = import_package(awala.services, tmp_path / "m2.civo")  # a desk once confirmed
    assert again.accepted == 1
    assert again.trusted == ()


@pytest.mark.parametrize("announce_key", [False, True])
def test_a_forged_package_resigned_with_a_fresh_key_is_refused(
    desks: list[Desk], tmp_path: Path, announce_key: bool
) -> None:
    mana, awala, apatou = desks
    meeting_id = make_meeting(mana)
    export_meeting(mana.services, meeting_id, tmp_path / "m.civo")
    import_package(awala.services, tmp_path / "m.civo", trust=True)
    forged = tmp_path / "forged.civo"
    forged.write_bytes(
        forge(mana.events(meeting_id), DeviceIdentity.generate("x"), announce_key=announce_key)
    )
    before = awala.event_ids()

    with pytest.raises(PackageError, match="clé"):
        import_package(awala.services, forged)
    assert awala.event_ids() == before
    # A desk that never saw Mana is not fooled either: it asks, showing the forger's fingerprint.
    with pytest.raises(UntrustedPackageError if announce_key else PackageError):
        import_package(apatou.services, forged)
    assert apatou.event_ids() == set()


def test_a_relayed_stream_keeps_its_origin_signature(desks: list[Desk], tmp_path: Path) -> None:
    """Awala re-exports Mana's stream with its own: Apatou, trusting both, verifies each."""
    mana, awala, apatou = desks
    meeting_id = make_meeting(mana)
    export_meeting(mana.services, meeting_id, tmp_path / "m.civo")
    import_package(awala.services, tmp_path / "m.civo", trust=True)
    awala.services.participants.register_many(meeting_id, [ParticipantFields("Jean", "Petit")])
    export_meeting(awala.services, meeting_id, tmp_path / "a.civo")

    with pytest.raises(UntrustedPackageError) as refused:
        import_package(apatou.services, tmp_path / "a.civo")
    assert {d.label for d in refused.value.desks} == {"mana", "awala"}
    import_package(apatou.services, tmp_path / "a.civo", trust=True)
    assert apatou.event_ids() == awala.event_ids()


def test_badges_count_only_keys_vouched_for(desks: list[Desk], tmp_path: Path) -> None:
    """A rogue ``device.joined`` that got into the journal does not make its badges valid."""
    mana, awala, _apatou = desks
    meeting_id = make_meeting(mana)
    export_meeting(mana.services, meeting_id, tmp_path / "m.civo")
    import_package(awala.services, tmp_path / "m.civo", trust=True)
    person = mana.services.participants.list_participants(meeting_id)[0]
    rogue = DeviceIdentity.generate("rogue")
    with awala.database.write() as conn:
        rogue_journal = Journal(rogue, awala.clock, awala.services.journal.registry)
        rogue_journal.append(conn, meeting_id, "rogue.note", {})
    awala.services.checkin.issue_badges(meeting_id, [person.id])
    (genuine,) = awala.services.checkin.list_badges(meeting_id)

    forged = issue_token(rogue, meeting_id, person.id, date(2026, 11, 26), 7)
    refused = awala.services.checkin.scan(meeting_id, forged)
    assert refused.reason is RefusalReason.UNKNOWN_KEY
    accepted = awala.services.checkin.scan(meeting_id, genuine.token)
    assert accepted.outcome is ScanOutcome.ACCEPTED
