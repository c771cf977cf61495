"""Badges on the shared machinery: the same badges give the same bytes, a failed write leaves
nothing, and the PDF's metadata say what it is."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from civodesk.documents.badges import write_badges_pdf
from civodesk.documents.output import DocumentWriteError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).created_ids[0]
    people = [ParticipantFields("Mạnh", "Nguyễn 🎉"), ParticipantFields("Tuiʻhau", "Ōtā")]
    services.participants.register_many(meeting_id, people, consent_purpose="l'émargement")
    services.checkin.issue_badges(meeting_id)
    return meeting_id


@pytest.mark.parametrize("layout", ["sheet", "invitation"])
def test_the_same_badges_give_the_same_bytes(
    services: Services, meeting: str, tmp_path: Path, layout: str
) -> None:
    details = services.meetings.get_meeting(meeting)
    badges = services.checkin.list_badges(meeting)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_badges_pdf(first, details, badges, layout)  # type: ignore[arg-type]
    write_badges_pdf(second, details, badges, layout)  # type: ignore[arg-type]
    assert first.read_bytes() == second.read_bytes()


def test_a_badge_pdf_that_cannot_be_written_leaves_nothing(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    target = tmp_path / "absent" / "badges.pdf"
    details = services.meetings.get_meeting(meeting)
    with pytest.raises(DocumentWriteError, match="n'a pas pu être enregistré"):
        write_badges_pdf(target, details, services.checkin.list_badges(meeting))
    assert not target.parent.exists()


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo")
def test_badge_metadata_and_replaced_emoji(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "badges.pdf"
    write_badges_pdf(
        pdf, services.meetings.get_meeting(meeting), services.checkin.list_badges(meeting)
    )
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "Badges — Réunion publique : réaménagement de la place du Marché" in info
    assert "2026-12-03T18:30:00+01" in info  # the meeting's start, not the time of printing
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    assert "NGUYỄN \ufffd" in text.stdout
    assert "Tuiʻhau" in text.stdout
