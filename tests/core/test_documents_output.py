"""A document is complete at its final name or not there at all, and the person is told why."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

import pytest

from civodesk.documents.output import DocumentWriteError, write_atomically
from civodesk.documents.page_template import build_pdf
from civodesk.documents.rendering import DocumentInfo
from civodesk.documents.story import paragraph
from civodesk.i18n import DEFAULT_LANGUAGE, set_language
from tests.factories import PARIS

INFO = DocumentInfo("Titre", "Mana", datetime(2026, 11, 26, tzinfo=PARIS))


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_document_is_written_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "cr.pdf"
    assert build_pdf(target, [paragraph("Bonjour")], INFO) == 1
    assert target.read_bytes().startswith(b"%PDF")
    assert target.read_bytes().rstrip().endswith(b"%%EOF")
    assert leftovers(tmp_path) == ["cr.pdf"]


def test_a_full_disk_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "cr.pdf"
    target.write_bytes(b"%PDF old complete version")

    def fill_the_disk(stream: IO[bytes]) -> None:
        stream.write(b"%PDF-1.4 half of a document")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DocumentWriteError) as caught:
        write_atomically(target, fill_the_disk)
    assert str(caught.value) == (
        f"Le document {target} n'a pas pu être enregistré : le disque est plein. Aucun fichier "
        "incomplet n'a été laissé ; choisissez un autre emplacement ou réessayez."
    )
    assert target.read_bytes() == b"%PDF old complete version"
    assert leftovers(tmp_path) == ["cr.pdf"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "cr.pdf"
    with pytest.raises(DocumentWriteError, match=r"le dossier .*absent n.existe pas"):
        build_pdf(target, [paragraph("Bonjour")], INFO)
    assert not target.parent.exists()


def test_an_unwritable_folder_gives_a_clear_error_in_the_users_language() -> None:
    folder = Path("/sys")  # Linux's sysfs refuses new files, even to root (CI runs as root)
    if not folder.is_dir():
        pytest.skip("needs Linux's /sys")
    target = folder / "cr.pdf"
    set_language("en")
    with pytest.raises(DocumentWriteError) as caught:
        build_pdf(target, [paragraph("Bonjour")], INFO)
    assert "could not be saved: this folder cannot be written to" in str(caught.value)
    assert caught.value.errno is None  # the CLI and the desk show the sentence as it is
    assert not target.exists()


def test_a_folder_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentWriteError, match="celui d'un dossier"):
        build_pdf(tmp_path, [paragraph("Bonjour")], INFO)
    assert leftovers(tmp_path) == []


def test_another_failure_also_removes_the_temporary_file(tmp_path: Path) -> None:
    def fail(stream: IO[bytes]) -> None:
        stream.write(b"%PDF")
        raise RuntimeError("layout bug")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "cr.pdf", fail)
    assert leftovers(tmp_path) == []
