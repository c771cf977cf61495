"""Open-data export: JSON and one CSV per table, UTF-8 with BOM, formulas neutralised."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from civodesk.clock import ManualClock
from civodesk.ideas.idea import IdeaFields
from civodesk.minutes.service import MinutesService
from civodesk.opendata.export import export_meeting
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields


def _record(services: Services, clock: ManualClock):  # type: ignore[no-untyped-def]
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(
        meeting,
        [ParticipantFields("Éloïse", "Nguyễn", commune="Mana"), ParticipantFields("=cmd", "@x")],
    )
    services.ideas.capture_many(meeting, [IdeaFields('=HYPERLINK("x")'), IdeaFields("Des arbres")])
    services.meetings.open_meeting(meeting)
    for person in services.participants.list_participants(meeting):
        clock.advance(1000)
        services.checkin.check_in(meeting, person.id)
    return MinutesService(services.database).read_record(meeting)


def test_csv_one_file_per_table_excel_ready(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    files = export_meeting(_record(services, clock), tmp_path / "csv")
    names = sorted(path.name for path in files)
    assert names == [
        "clusters.csv",
        "decisions.csv",
        "ideas.csv",
        "participants.csv",
        "results.csv",
        "votes.csv",
    ]
    raw = (tmp_path / "csv" / "ideas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    texts = [row["text"] for row in rows]
    assert '\'=HYPERLINK("x")' in texts
    people = (tmp_path / "csv" / "participants.csv").read_text("utf-8-sig")
    assert "Nguyễn" in people
    assert "'=cmd" in people
    assert "'@x" in people


def test_json_and_counts_only_without_names(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    record = _record(services, clock)
    (path,) = export_meeting(record, tmp_path / "json", "json", with_names=False)
    data = json.loads(path.read_text("utf-8"))
    assert data["schema_version"] == 1
    assert data["meeting"]["journal_fingerprint"] == record.fingerprint
    assert data["attendance"]["present"] == 2
    assert "Nguyễn" not in path.read_text("utf-8")
    assert {"breakdown": "total", "value": "", "present": 2} in data["tables"]["participants"]
    assert len(data["tables"]["ideas"]) == 2
