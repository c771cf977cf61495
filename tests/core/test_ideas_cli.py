"""``civodesk ideas`` on the demo meeting: clusters, supports and merged duplicates, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services
from tests.core.test_cli import _french_by_default, run  # noqa: F401  (autouse fixture)


@pytest.fixture
def demo_db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "demo.db"
    database = open_database(path)
    try:
        services = build_services(database, DeviceIdentity.generate("desk"))
        meeting_id = create_demo_meeting(services, participants=30, ideas=60, seed=4)
    finally:
        database.close()
    return path, meeting_id


def test_ideas_json_lists_clusters_supports_and_merges(
    demo_db: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting_id = demo_db
    code, out, err = run(capsys, "ideas", "--db", str(path), "--meeting", meeting_id, "--json")
    assert code == 0, err
    groups = json.loads(out)
    named = [group["name"] for group in groups if group["id"] is not None]
    assert len(named) >= 3
    assert all(name for name in named)
    ideas = [idea for group in groups for idea in group["ideas"]]
    merged = [idea for idea in ideas if idea["merged_from"]]
    assert len(merged) == 3
    for idea in merged:
        assert len(idea["merged_from"]) == 2
        assert idea["supports"] == sum(o["supports"] for o in idea["merged_from"])
    assert any(idea["supports"] > 0 for idea in ideas)
    # 60 ideas and 3 post-it duplicates; each pair shows once, as its merged idea.
    assert len(ideas) == 60 + 3 + 3 - 6


def test_ideas_text_output_and_errors(
    demo_db: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting_id = demo_db
    code, out, err = run(capsys, "ideas", "--db", str(path), "--meeting", meeting_id[:13])
    assert code == 0, err
    assert "fusionne : " in out
    assert "(+" in out
    code, _out, err = run(capsys, "ideas", "--db", str(path), "--meeting", "nope")
    assert code == 1
    assert "introuvable" in err


def test_demo_minutes_have_notes_question_and_decisions(demo_db: tuple[Path, str]) -> None:
    path, meeting_id = demo_db
    database = open_database(path)
    try:
        board = build_services(database, DeviceIdentity.generate("d")).facilitation.board(
            meeting_id
        )
    finally:
        database.close()
    assert board.items[0].notes
    assert board.current_question is not None
    actions = [d for d in board.decisions if d.kind == "action"]
    assert actions
    assert all(a.owner and a.due_date for a in actions)
