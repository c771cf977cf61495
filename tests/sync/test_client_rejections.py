"""A rejected event is set aside with its reason; the rest keeps flowing; retry puts it back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.participants.participant import ParticipantFields
from sync.client import state
from sync.client.engine import SyncOutcome
from sync.client.messages import describe_rejection
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    yield live
    live.close()


def restored_copy(desk: SyncingDesk, directory: Path) -> SyncingDesk:
    """The same laptop restored from a backup: same device, same file, later diverging."""
    desk.close()
    shutil.copy(desk.path, directory / "restored.db")
    desk.open()
    return SyncingDesk(directory / "restored.db", "restored", desk.clock, desk.device)


def test_a_forked_stream_is_set_aside_and_other_meetings_keep_flowing(
    tmp_path: Path, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    original = make_desk(tmp_path, "laptop")
    original.enroll(server.url, server.enroll_code(server.new_organization("Commune d'Apatou")))
    shared = original.services.meetings.create_meeting(meeting_fields()).meeting_id
    assert original.sync().ok
    restored = restored_copy(original, tmp_path)

    original.services.participants.register_many(shared, [ParticipantFields("Awa", "Diallo")])
    assert original.sync().ok
    # The restored copy writes the same sequence number differently: the server cannot take it.
    restored.services.participants.register_many(shared, [ParticipantFields("Marc", "Petit")])
    restored.services.participants.register_many(shared, [ParticipantFields("Léa", "Martin")])
    other = restored.services.meetings.create_meeting(meeting_fields(title="Autre réunion"))

    report = restored.sync()

    assert report.outcome is SyncOutcome.INCOMPLETE
    assert len(report.set_aside) == 1
    aside = report.set_aside[0]
    assert aside.meeting_id == shared
    assert aside.event_type == "participant.registered"
    assert aside.reason.startswith(("sequence_conflict: ", "previous_hash_mismatch: "))
    assert report.waiting == 2  # the set-aside event and the one behind it in its stream
    # The other meeting went up whole.
    assert sorted(server.event_ids(other.meeting_id)) == sorted(
        e.event_id for e in restored.events(other.meeting_id)
    )
    with restored.services.database.read() as conn:
        assert [r.event_id for r in state.list_rejections(conn)] == [aside.event_id]

    # The next sync does not resend it; the command line explains and exits 2.
    again = restored.sync()
    assert again.pushed == 0
    assert again.outcome is SyncOutcome.INCOMPLETE
    restored.close()
    assert main(["sync", "--db", str(restored.path)]) == 2
    out = capsys.readouterr().out
    assert f"Mis de côté : événement {aside.event_id}" in out
    assert describe_rejection(aside.reason) in out
    assert "journal divergent" in out
    assert "Synchronisation incomplète" in out
    # Retrying puts it back in the queue; the server still refuses it, with its reason.
    assert main(["sync", "--db", str(restored.path), "--retry-rejected"]) == 2
    out = capsys.readouterr().out
    assert "1 événement mis de côté remis dans la file." in out
    assert "refusés 2" in out  # it, and the one behind it
