"""The three lists that used to import silently and wrongly are now refused with line and reason.

Each test reproduces a file seen in the field: an unclosed quote (four lines read as fewer people),
a UTF-8 file with one row saved as Windows-1252 (read whole as Windows-1252, "Prénom" lost), and
rows separated by ``,`` under a ``;`` header (each row became one whole-line name).
"""

from __future__ import annotations

import pytest

from civodesk.participants.csv_reading import (
    UnreadableFileError,
    encoding_label,
    read_table,
)
from civodesk.services import Services
from tests.factories import meeting_fields


@pytest.fixture
def meeting(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields()).created_ids[0]


def test_an_unclosed_quote_is_refused_with_its_line(services: Services, meeting: str) -> None:
    data = 'Nom;Prénom\n"Dupré;Hélène\nMartin";Paul\nDurand;Zoé\nPetit;Léa\n'.encode()
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    assert preview.rows == ()
    (message,) = preview.file_errors
    assert "ligne 2" in message.lower()
    assert "guillemet" in message
    assert "ligne 3" in message  # where the quote finally closed


def test_a_quote_never_closed_is_refused(services: Services, meeting: str) -> None:
    data = 'Nom;Prénom\nDupré;Hélène\n"Martin;Paul\nDurand;Zoé\n'.encode()
    preview = services.participants.preview_import(meeting, data)
    (message,) = preview.file_errors
    assert "ligne 3" in message.lower()
    assert "jamais fermé" in message


def test_a_stray_quote_inside_a_cell_is_refused(services: Services, meeting: str) -> None:
    data = 'Nom;Prénom\n"Du"pré;Hélène\n'.encode()
    (message,) = services.participants.preview_import(meeting, data).file_errors
    assert "ligne 2" in message.lower()
    assert "guillemet" in message


def test_one_windows_row_in_a_utf8_file_is_refused_with_its_line(
    services: Services, meeting: str
) -> None:
    data = (
        "Nom;Prénom\nDupré;Hélène\n".encode()
        + "Œuvray;Zoé\n".encode("cp1252")
        + "Martin;Jérôme\n".encode()
    )
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    (message,) = preview.file_errors
    assert "ligne 3" in message.lower()
    assert "UTF-8" in message
    assert "cp1252" not in message  # plain words, not codec names


def test_a_whole_windows_file_is_still_read(services: Services, meeting: str) -> None:
    data = "Nom;Prénom\nDupré;Hélène\n".encode("cp1252")
    preview = services.participants.preview_import(meeting, data)
    assert preview.importable
    assert preview.rows[0].fields.first_name == "Hélène"
    assert encoding_label(preview.encoding) == "Excel (Windows)"


def test_rows_with_another_separator_are_errors_naming_it(services: Services, meeting: str) -> None:
    data = "Nom;Prénom;Commune\nDupré;Hélène;Mana\nMartin,Paul,Apatou\n".encode()
    preview = services.participants.preview_import(meeting, data)
    assert not preview.importable
    (bad,) = preview.error_rows
    assert bad.line == 3
    assert "« , »" in bad.errors[0]
    assert "« ; »" in bad.errors[0]


def test_rows_with_too_few_fields_are_errors(services: Services, meeting: str) -> None:
    data = "Nom;Prénom;Commune\nDupré;Hélène;Mana\nMartin;Paul\n".encode()
    (bad,) = services.participants.preview_import(meeting, data).error_rows
    assert bad.line == 3
    assert "2 cellules" in bad.errors[0]
    assert "3 colonnes" in bad.errors[0]


def test_read_table_names_the_line_of_an_undefined_windows_byte() -> None:
    with pytest.raises(UnreadableFileError, match="ligne 2"):
        read_table(b"Nom;Pr\xe9nom\nDupr\x81;H\n")
