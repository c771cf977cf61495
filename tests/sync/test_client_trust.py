"""The desk checks pulled streams offline: only heads signed by a certified key get in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.certificates import certificates_for, key_fingerprint
from civodesk.journal.signing import SignedHead, sign_head
from civodesk.transfer.package import export_meeting
from sync.batch_codec import DecodedBatch
from sync.client import state
from sync.client.trust import verify_pulled
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    yield live
    live.close()


def enrolled_pair(tmp_path: Path, server: LiveServer) -> tuple[SyncingDesk, SyncingDesk, str]:
    org = server.new_organization("Commune de Maripasoula")
    author, reader = make_desk(tmp_path, "author"), make_desk(tmp_path, "reader")
    author.enroll(server.url, server.enroll_code(org))
    reader.enroll(server.url, server.enroll_code(org))
    meeting = author.services.meetings.create_meeting(meeting_fields()).meeting_id
    assert author.sync().ok
    reader.join(meeting)  # the reader takes part in the author's meeting
    return author, reader, meeting


def test_a_pulled_stream_signed_by_an_uncertified_key_is_set_aside(
    tmp_path: Path, server: LiveServer
) -> None:
    author, reader, meeting = enrolled_pair(tmp_path, server)
    events = sorted(author.events(meeting), key=lambda e: e.seq)
    tip = events[-1]
    author_id = author.device.device_id
    forger = DeviceIdentity(author_id, "author", DeviceIdentity.generate().private_key)
    forged = sign_head(forger, meeting, tip.seq, tip.hash)
    genuine = sign_head(author.device, meeting, tip.seq, tip.hash)
    with author.services.database.read() as conn:
        certificates = [cert.to_json() for cert in certificates_for(conn, {author_id})]
    assert certificates  # the author's own certificate, from its enrolment

    with reader.services.database.write() as conn:
        kept, refused = verify_pulled(
            conn, reader.services, DecodedBatch(events, [], None, False, [forged], certificates)
        )
        assert kept == []
        assert {r.event_id for r in refused} == {e.event_id for e in events}
        assert "n'est pas certifiée" in refused[0].reason
        kept, refused = verify_pulled(
            conn, reader.services, DecodedBatch(events, [], None, False, [genuine], certificates)
        )
        assert kept == events
        assert refused == []


def test_enrolled_desks_exchange_verified_streams(tmp_path: Path, server: LiveServer) -> None:
    author, reader, meeting = enrolled_pair(tmp_path, server)
    report = reader.sync()
    assert report.ok, report.message
    assert {e.event_id for e in reader.events(meeting)} == {e.event_id for e in author.events()}
    with reader.services.database.read() as conn:
        assert state.list_rejections(conn) == []


def test_cli_import_of_an_untrusted_package_shows_the_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_desk(tmp_path, "pirogue")
    meeting = source.services.meetings.create_meeting(meeting_fields()).meeting_id
    export_meeting(source.services, meeting, tmp_path / "m.civo")
    target = str(tmp_path / "target.db")

    assert main(["package", "import", "--db", target, str(tmp_path / "m.civo")]) == 1
    captured = capsys.readouterr()
    assert key_fingerprint(source.device.public_key_b64) in captured.out
    assert "--trust" in captured.err
    assert main(["package", "import", "--db", target, "--trust", str(tmp_path / "m.civo")]) == 0
    assert "Confiance accordée au poste pirogue" in capsys.readouterr().out


def test_signed_head_round_trip() -> None:
    head = SignedHead("m", "d", 3, "h" * 64, "c2ln")
    assert SignedHead.from_json(head.to_json()) == head
