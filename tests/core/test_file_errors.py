"""File errors name the file and say what happened in the user's language, not the C library's."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import pytest

from civodesk.file_errors import describe_os_error
from civodesk.i18n import DEFAULT_LANGUAGE, set_language


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("error", "french", "english"),
    [
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory", "nope.csv"),
            "Fichier introuvable : nope.csv",
            "File not found: nope.csv",
        ),
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/liste.csv"),
            "Accès refusé : /srv/liste.csv",
            "Access denied: /srv/liste.csv",
        ),
        (
            IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp"),
            "/tmp est un dossier, pas un fichier.",
            "/tmp is a folder, not a file.",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "r.civo"),
            "Plus de place sur le disque pour écrire r.civo.",
            "No space left on the disk to write r.civo.",
        ),
        (
            OSError(errno.EIO, "Input/output error", "r.civo"),
            "Fichier inaccessible : r.civo (erreur système EIO)",
            "Cannot access file: r.civo (system error EIO)",
        ),
        (
            OSError(errno.EIO, "Input/output error"),
            "Erreur d'accès aux fichiers (erreur système EIO)",
            "File access error (system error EIO)",
        ),
    ],
)
def test_system_errors_are_described_with_their_path(
    error: OSError, french: str, english: str
) -> None:
    assert describe_os_error(error) == french
    set_language("en")
    assert describe_os_error(error) == english


def test_a_services_own_refusal_keeps_its_sentence() -> None:
    """The services raise PermissionError with a sentence (no errno): it is shown as written."""
    refusal = PermissionError("Les données personnelles ont déjà été effacées.")
    assert describe_os_error(refusal) == "Les données personnelles ont déjà été effacées."
