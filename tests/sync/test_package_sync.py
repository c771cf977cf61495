"""A package carried on a USB stick syncs to the server like the events made on the desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.participants.participant import ParticipantFields
from civodesk.transfer.package import export_meeting, import_package
from tests.factories import AGENDA, meeting_fields
from tests.sync.sync_harness import LiveServer, loose_settings, make_desk


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    yield live
    live.close()


def test_an_imported_package_reaches_the_server(tmp_path: Path, server: LiveServer) -> None:
    org = server.new_organization("Commune de Papaïchton")
    offline = make_desk(tmp_path, "no-link")  # never connected
    meeting_id = offline.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    offline.services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Marc", "Lefèvre")]
    )
    export_meeting(offline.services, meeting_id, tmp_path / "usb.civo")

    connected = make_desk(tmp_path, "town-hall")
    connected.enroll(server.url, server.enroll_code(org))
    import_package(connected.services, tmp_path / "usb.civo", trust=True)  # fingerprints compared
    report = connected.sync()

    assert report.ok, report.message
    assert report.accepted == len(offline.events())
    assert sorted(server.event_ids(meeting_id)) == sorted(offline.event_ids())
    assert connected.server_fingerprint(meeting_id) == offline.fingerprint(meeting_id)

    # The offline desk reaches the server later: its events are already there.
    offline.enroll(server.url, server.enroll_code(org))
    later = offline.sync()
    assert later.ok
    assert later.accepted == 0
    assert later.duplicates == len(offline.events())
    assert sorted(server.event_ids(meeting_id)) == sorted(offline.event_ids())
