"""The badge PDF: every QR decodes from a 150 dpi rendering and matches the issued tokens."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from civodesk.documents.badges import write_badges_pdf
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import AGENDA, meeting_fields

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")

PEOPLE = [
    ParticipantFields("Hélène", "Dupré-Lafontaine", commune="Saint-Laurent-du-Maroni"),
    ParticipantFields("Marie-Christine-Alexandrine", "de La Rochefoucauld-Montmorency"),
    ParticipantFields("Zoé", "Œuvray"),
    ParticipantFields("", "Nguyễn"),
    *[ParticipantFields(f"Prénom{i}", f"Nom{i}", commune="Mana") for i in range(13)],
]


def decode_pdf(pdf: Path, tmp_path: Path) -> list[list[str]]:
    """The QR texts found on each page of ``pdf`` rendered at 150 dpi."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    return [
        [
            result.text
            for result in zxingcpp.read_barcodes(
                Image.open(page), formats=zxingcpp.BarcodeFormat.QRCode
            )
        ]
        for page in pages
    ]


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).created_ids[0]
    services.participants.register_many(meeting_id, PEOPLE, consent_purpose="l'émargement")
    services.checkin.issue_badges(meeting_id)
    return meeting_id


def test_every_qr_of_the_badge_sheet_decodes_at_150_dpi(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    badges = services.checkin.list_badges(meeting)
    pdf = tmp_path / "badges.pdf"
    pages = write_badges_pdf(pdf, services.meetings.get_meeting(meeting), badges, "sheet")
    assert pages == 3
    decoded = decode_pdf(pdf, tmp_path)
    assert [len(page) for page in decoded] == [8, 8, 1]
    assert sorted(text for page in decoded for text in page) == sorted(b.token for b in badges)
    for page in decoded:
        for token in page:
            assert services.checkin.scan(meeting, token).outcome.value == "accepted"


def test_every_invitation_has_its_own_decodable_qr(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    badges = services.checkin.list_badges(meeting)[:4]
    pdf = tmp_path / "invitations.pdf"
    assert write_badges_pdf(pdf, services.meetings.get_meeting(meeting), badges, "invitation") == 4
    assert decode_pdf(pdf, tmp_path) == [[badge.token] for badge in badges]


def test_pdf_text_carries_names_and_manual_codes(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    badges = services.checkin.list_badges(meeting)
    pdf = tmp_path / "badges.pdf"
    write_badges_pdf(pdf, services.meetings.get_meeting(meeting), badges, "sheet")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Hélène" in text
    assert "ŒUVRAY" in text
    for badge in badges:
        assert f"{badge.manual_code[:4]} {badge.manual_code[4:]}" in text


def test_unknown_layout_is_refused(services: Services, meeting: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="layout"):
        write_badges_pdf(
            tmp_path / "x.pdf",
            services.meetings.get_meeting(meeting),
            [],
            "poster",  # type: ignore[arg-type]
        )
