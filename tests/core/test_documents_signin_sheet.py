"""The sign-in sheet: every registered person with their badge code, a signature column, blank
rows for walk-ins, repeated headers, in French and English, from the command line too."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.checkin.manual_code import format_manual_code
from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity
from civodesk.documents.signin_sheet import SigninEntry, SigninSheet, write_signin_sheet
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from civodesk.participants.participant import ParticipantFields
from civodesk.services import build_services
from tests.factories import meeting_fields

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

FIELDS = meeting_fields()
NAMES = ["NGUYỄN Mạnh", "WAŁĘSA Łukasz", "TUIʻHAU Moana", "ǸDIAYE Awa", "LEFÈVRE Zoë"]


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.replace("\u00a0", " ").replace("\u202f", " ").split("\f")[:-1]


def sheet(entries: list[SigninEntry], blank_rows: int = 10) -> SigninSheet:
    return SigninSheet(
        title=FIELDS.title,
        organization=FIELDS.organization,
        place=FIELDS.place,
        starts_at=FIELDS.starts_at,
        ends_at=FIELDS.ends_at,
        entries=entries,
        blank_rows=blank_rows,
    )


def test_three_hundred_people_paginate_with_headers_codes_and_blank_rows(tmp_path: Path) -> None:
    entries = [
        SigninEntry(f"{NAMES[i % 5]} {i:03d}", "Saint-Laurent-du-Maroni", f"K7Q2 {i:04d}")
        for i in range(300)
    ]
    pdf = tmp_path / "emargement.pdf"
    pages = write_signin_sheet(pdf, sheet(entries))
    text = pages_text(pdf)
    assert len(text) == pages >= 10
    assert "Feuille d'émargement" in text[0]
    assert "Jeudi 3 décembre 2026, de 18 h 30 à 20 h 30" in text[0]
    assert "300 personnes inscrites" in text[0]
    for number, page in enumerate(text, start=1):
        assert re.search(r"N°\s+Nom et prénom\s+Commune", page), number
        assert "Code du" in page
        assert "Signature" in page
        assert f"page {number} / {pages}" in page
    whole = "\n".join(text)
    for i in range(300):
        assert re.search(rf"\b{i + 1}\s+{re.escape(NAMES[i % 5])} {i:03d}\s.*K7Q2 {i:04d}", whole)
    assert re.search(r"^\s*310\s*$", whole, re.MULTILINE)  # the last blank row for walk-ins


def test_english_sheet_and_empty_registration_list(tmp_path: Path) -> None:
    set_language("en")
    pdf = tmp_path / "signin.pdf"
    assert write_signin_sheet(pdf, sheet([], blank_rows=5)) == 1
    (page,) = pages_text(pdf)
    assert "Sign-in sheet" in page
    assert "Thursday 3 December 2026, from 18:30 to 20:30" in page
    assert "Nobody registered: fill in the blank rows at the check-in desk." in page
    assert re.search(r"No\.\s+Name\s+Commune", page)
    assert "Badge code" in page
    assert "page 1 / 1" in page


def test_the_same_list_gives_the_same_bytes(tmp_path: Path) -> None:
    entries = [SigninEntry(name, "Mana", "ABCD EFGH") for name in NAMES]
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_signin_sheet(first, sheet(entries))
    write_signin_sheet(second, sheet(entries))
    assert first.read_bytes() == second.read_bytes()


def test_signin_sheet_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.db"
    database = open_database(path)
    services = build_services(database, DeviceIdentity.generate("poste 1"))
    meeting = services.meetings.create_meeting(FIELDS).created_ids[0]
    people = [
        ParticipantFields("Zoë", "Lefèvre", commune="Mana"),
        ParticipantFields("Łukasz", "Wałęsa", commune="Apatou"),
        ParticipantFields("Hélène", "Écuyer", commune="Mana"),
    ]
    services.participants.register_many(meeting, people[:2], consent_purpose="l'émargement")
    services.checkin.issue_badges(meeting)
    services.participants.register_many(meeting, people[2:], consent_purpose="l'émargement")
    codes = {
        b.last_name: format_manual_code(b.manual_code)
        for b in services.checkin.list_badges(meeting)
    }
    database.close()

    out = tmp_path / "emargement.pdf"
    args = ["signin-sheet", "--db", str(path), "--meeting", meeting[:20], "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Feuille d'émargement de 3 inscrits (1 p.)" in printed
    assert "1 inscrit n'a pas encore de badge" in printed
    (page,) = pages_text(out)
    rows = [line.split() for line in page.splitlines() if re.match(r"\s*[123]\s+[A-ZÉŁ]", line)]
    assert [row[1] for row in rows] == ["ÉCUYER", "LEFÈVRE", "WAŁĘSA"]  # accents sort as letters
    assert codes["Lefèvre"] in page
    assert codes["Wałęsa"] in page


def test_signin_sheet_command_refuses_a_bad_blank_row_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["signin-sheet", "--meeting", "x", "--out", "x.pdf", "--blank-rows", "-3"])
    assert "n'est pas un nombre entier de 0 à 500" in capsys.readouterr().err
