"""A rejected event is set aside with its reason; the rest keeps flowing; retry puts it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.participants.participant import ParticipantFields
from civodesk.transfer.package import export_meeting, import_package
from sync.client import state
from sync.client.engine import SyncOutcome
from sync.client.messages import describe_rejection
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, loose_settings, make_desk


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    yield live
    live.close()


def test_a_refused_stream_is_set_aside_and_other_meetings_keep_flowing(
    tmp_path: Path, server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another commune's desk made a meeting on the server; a USB package carries it here.
    stranger = make_desk(tmp_path, "stranger")
    stranger.enroll(server.url, server.enroll_code(server.new_organization("Commune de Saül")))
    shared = stranger.services.meetings.create_meeting(meeting_fields()).meeting_id
    assert stranger.sync().ok
    export_meeting(stranger.services, shared, tmp_path / "saul.civo")
    restored = make_desk(tmp_path, "laptop")
    restored.enroll(server.url, server.enroll_code(server.new_organization("Commune d'Apatou")))
    import_package(restored.services, tmp_path / "saul.civo", trust=True)
    # This desk writes into it: the server cannot take that meeting from this organization.
    restored.services.participants.register_many(shared, [ParticipantFields("Marc", "Petit")])
    restored.services.participants.register_many(shared, [ParticipantFields("Léa", "Martin")])
    other = restored.services.meetings.create_meeting(meeting_fields(title="Autre réunion"))

    report = restored.sync()

    assert report.outcome is SyncOutcome.INCOMPLETE
    # One event set aside per stream of that meeting (the stranger's, relayed, and this desk's),
    # with the server's reason; the events behind them wait.
    assert len(report.set_aside) == 2
    assert {r.meeting_id for r in report.set_aside} == {shared}
    assert {r.seq for r in report.set_aside} == {1}
    assert all(r.reason.startswith("foreign_meeting: ") for r in report.set_aside)
    assert report.waiting == len(restored.events(shared))
    # The other meeting went up whole.
    assert sorted(server.event_ids(other.meeting_id)) == sorted(
        e.event_id for e in restored.events(other.meeting_id)
    )
    with restored.services.database.read() as conn:
        assert state.list_rejections(conn) == report.set_aside

    # The next sync does not resend it; the command line explains and exits 2.
    again = restored.sync()
    assert again.pushed == 0
    assert again.outcome is SyncOutcome.INCOMPLETE
    restored.close()
    assert main(["sync", "--db", str(restored.path)]) == 2
    out = capsys.readouterr().out
    for aside in report.set_aside:
        assert f"Mis de côté : événement {aside.event_id}" in out
        assert describe_rejection(aside.reason) in out
    assert "autre collectivité" in out
    assert "Synchronisation incomplète" in out
    # Retrying puts it back in the queue; the server still refuses it, with its reason.
    assert main(["sync", "--db", str(restored.path), "--retry-rejected"]) == 2
    out = capsys.readouterr().out
    assert "2 événements mis de côté remis dans la file." in out
    restored.open()  # the command line ran on the real clock: it journaled its offset too
    behind = len(restored.events(shared))
    restored.close()
    assert behind >= report.waiting
    assert f"refusés {behind}" in out  # them, and the ones behind them
