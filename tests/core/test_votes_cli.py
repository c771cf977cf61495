"""``civodesk votes`` lists the demo's votes with their results; ``vote-ballots`` prints ballots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "demo.db"
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("poste 1"))
    meeting_id = create_demo_meeting(services, participants=80, ideas=10, seed=5)
    database.close()
    return path, meeting_id


def test_votes_json_lists_every_method_with_its_result(
    demo: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = demo
    assert main(["votes", "--db", str(path), "--meeting", meeting, "--json"]) == 0
    votes = json.loads(capsys.readouterr().out)
    assert [v["method"] for v in votes] == [
        "yes_no_abstain",
        "majority_judgment",
        "single",
        "schulze",
        "approval",
    ]
    assert [v["status"] for v in votes] == ["closed", "closed", "closed", "open", "draft"]
    budget = votes[0]
    assert budget["voters"] == budget["attendance"]["present"] == 20
    assert budget["result"]["tally"]["ballots"] == 20
    assert budget["named"] == []  # secret
    assert votes[1]["result"]["tally"]["ballots"] == 30
    assert len(votes[1]["result"]["ranking"]) >= 1


def test_votes_text_explains_each_result(
    demo: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = demo
    assert main(["votes", "--db", str(path), "--meeting", meeting]) == 0
    out = capsys.readouterr().out
    assert "Pour / contre / abstention, secret, clos" in out
    assert "Décompte en cours :" in out
    assert "mention majoritaire" in out


def test_vote_ballots_writes_a_pdf(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, meeting = demo
    assert main(["votes", "--db", str(path), "--meeting", meeting, "--json"]) == 0
    vote = json.loads(capsys.readouterr().out)[1]["id"]
    out = tmp_path / "b.pdf"
    args = ["vote-ballots", "--db", str(path), "--meeting", meeting, "--vote", vote]
    assert main([*args, "--count", "4", "--out", str(out)]) == 0
    assert "4 bulletins (2 p.)" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    assert main([*args[:-1], "inconnu", "--out", str(out)]) == 1
