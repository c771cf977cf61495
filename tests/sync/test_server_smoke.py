from __future__ import annotations

from pathlib import Path

from tests.sync.journal_data import fill_meeting, open_sync_desk
from tests.sync.server_api import ServerApi


def test_push_then_pull(server_api: ServerApi, tmp_path: Path) -> None:
    org = server_api.organization("Commune A")
    desk = open_sync_desk(tmp_path / "a.db", "a")
    meeting = fill_meeting(desk, participants=30, idea_count=5)
    device = server_api.enroll(org, desk.device_id)
    other = server_api.enroll(org, "01234567-0000-7000-8000-000000000001")
    result = server_api.push(device, desk.events(meeting))
    assert result.accepted == len(desk.events(meeting)), result
    again = server_api.push(device, desk.events(meeting))
    assert again.duplicate == result.accepted
    events, _cursor = server_api.pull_all(other, limit=7)
    assert sorted(e.event_id for e in events) == sorted(e.event_id for e in desk.events(meeting))
    mine, _ = server_api.pull_all(device)
    assert mine == []
