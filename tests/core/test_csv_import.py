"""Importing registration lists: encodings, separators, headers, per-row errors, all or nothing."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civodesk.meetings.meeting import ValidationError
from civodesk.participants.column_mapping import guess_field, guess_mapping
from civodesk.participants.csv_reading import read_table
from civodesk.participants.import_preview import build_preview
from civodesk.services import Services
from tests.factories import meeting_fields

FRENCH = (
    "Nom;Prénom;Courriel;Téléphone;Commune;Quartier;Tranche d'âge\n"
    "Dupré;Hélène;helene@example.org;06 94 00 00 00;Mana;Bourg;30-44 ans\n"
    "Œuvray;Zoé;;;Apatou;;60 ans et plus\n"
)


@pytest.fixture
def meeting(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields()).created_ids[0]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16", b"")],
)
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_encodings_and_separators_are_recognised(
    services: Services, meeting: str, encoding: str, bom: bytes, separator: str
) -> None:
    data = bom + FRENCH.replace(";", separator).encode(encoding)
    preview = services.participants.preview_import(meeting, data, consent_purpose="Émargement")
    assert preview.importable, (preview.file_errors, preview.error_rows)
    assert preview.separator == separator
    first = preview.rows[0].fields
    assert (first.last_name, first.first_name, first.email) == (
        "Dupré",
        "Hélène",
        "helene@example.org",
    )
    assert (first.phone, first.commune, first.neighbourhood, first.age_bracket) == (
        "06 94 00 00 00",
        "Mana",
        "Bourg",
        "30-44 ans",
    )
    assert preview.rows[1].fields.last_name == "Œuvray"


def test_english_headers_and_full_name_column() -> None:
    assert guess_mapping(["Last name", "First Name", "E-mail", "Phone", "City", "Age group"]) == {
        0: "last_name",
        1: "first_name",
        2: "email",
        3: "phone",
        4: "commune",
        5: "age_bracket",
    }
    assert guess_field("PRÉNOM") == "first_name"
    assert guess_field("Adresse e-mail (obligatoire)") == "email"
    assert guess_field("Commentaire") is None
    table = read_table(b"Nom complet,Ville\nAwa Diallo,Mana\n")
    preview = build_preview(table, guess_mapping(table.headers))
    assert (preview.rows[0].fields.first_name, preview.rows[0].fields.last_name) == (
        "Awa",
        "Diallo",
    )


def test_import_is_all_or_nothing_and_lists_row_errors(services: Services, meeting: str) -> None:
    data = (
        "Nom;Prénom;Courriel;Téléphone\n"
        "Dupré;Hélène;helene@example.org;\n"
        ";;;\n"
        ";;x@y.fr;\n"
        "Martin;Jean;pas-un-courriel;\n"
        "Petit;Léa;;abc\n"
        "Dupré;Hélène;helene@example.org;\n"
        "Roux;Paul;;;en trop\n"
    ).encode()
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    errors = {row.line: row.errors for row in preview.error_rows}
    assert set(errors) == {4, 5, 6, 7, 8}
    assert "Ni nom ni prénom." in errors[4]
    assert "courriel" in errors[5][0]
    assert "téléphone" in errors[6][0]
    assert errors[7] == ("Doublon de la ligne 2.",)
    assert "colonnes" in errors[8][0]
    with pytest.raises(ValidationError):
        services.participants.import_preview(meeting, preview)
    assert services.participants.count(meeting) == 0


def test_the_same_list_again_is_all_unchanged(services: Services, meeting: str) -> None:
    first = services.participants.preview_import(meeting, FRENCH.encode(), consent_purpose="x")
    services.participants.import_preview(meeting, first)
    assert services.participants.count(meeting) == 2
    again = services.participants.preview_import(meeting, FRENCH.encode(), consent_purpose="x")
    assert [row.status for row in again.rows] == ["unchanged", "unchanged"]
    assert [row.matched_by for row in again.rows] == ["email", "name_commune"]
    with pytest.raises(ValidationError, match="Aucune ligne"):
        services.participants.import_preview(meeting, again)


def test_missing_required_column_and_manual_mapping(services: Services, meeting: str) -> None:
    data = b"Identifiant;Adresse\n12;rue du Port\n"
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    assert "Colonne obligatoire manquante" in preview.file_errors[0]
    fixed = services.participants.preview_import(meeting, data, mapping={0: None, 1: "last_name"})
    assert fixed.importable
    duplicate = services.participants.preview_import(
        meeting, data, mapping={0: "last_name", 1: "last_name"}
    )
    assert "Plusieurs colonnes" in duplicate.file_errors[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"PK\x03\x04\x00\x00binary", "xlsx"),
        (b"Nom;Pr\xc3\n\x81\x8d\x8f\x90\x9d", "Excel (Windows)"),
        (b"Nom;Prenom\n", "aucune ligne"),
    ],
)
def test_unreadable_files_give_a_plain_message(
    services: Services, meeting: str, data: bytes, message: str
) -> None:
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    assert message in preview.file_errors[0]


def test_forced_wrong_encoding_is_reported(services: Services, meeting: str) -> None:
    preview = services.participants.preview_import(
        meeting, FRENCH.encode("cp1252"), encoding="utf-8-sig"
    )
    assert "UTF-8 (LibreOffice" in preview.file_errors[0]
    assert "ligne 1" in preview.file_errors[0]  # "Prénom" in the header


def test_fifty_thousand_rows_preview_and_import(services: Services, meeting: str) -> None:
    lines = ["Nom;Prénom;Courriel;Commune"]
    lines += [f"Nom{i};Prénom{i};p{i}@example.org;Commune{i % 40}" for i in range(50_000)]
    lines.append("Nom7;Prénom7;p7@example.org;Commune7")
    lines.append("Sansprénom;;pas-un-courriel;")
    preview = services.participants.preview_import(meeting, "\n".join(lines).encode())
    assert len(preview.rows) == 50_002
    assert [row.line for row in preview.error_rows] == [50_002, 50_003]
    assert not preview.importable
    clean = services.participants.preview_import(meeting, "\n".join(lines[:-2]).encode())
    services.participants.import_preview(meeting, clean)
    assert services.participants.count(meeting) == 50_000


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_preview(
    services: Services, meeting: str, data: bytes
) -> None:
    preview = services.participants.preview_import(meeting, data)
    assert preview.importable or preview.file_errors or preview.error_rows


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=1, max_size=6),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_arbitrary_tables_preview_with_a_problem_per_bad_row(
    services: Services, meeting: str, cells: list[list[str]], separator: str, encoding: str
) -> None:
    text = "Nom;Prénom;Courriel\n".replace(";", separator) + "\n".join(
        separator.join(row) for row in cells
    )
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    preview = services.participants.preview_import(meeting, data)
    for row in preview.rows:
        if not row.errors:
            assert row.fields.first_name or row.fields.last_name
    if preview.importable and (preview.new_rows or preview.changed_rows):
        services.participants.import_preview(meeting, preview)
        assert services.participants.count(meeting) >= len(preview.rows)
