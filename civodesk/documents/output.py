"""Writing a document safely: complete at its final name, or not there at all.

The PDF is written to a hidden temporary file in the target folder, flushed to the disk, then
renamed over the target in one step (``os.replace``). An unwritable folder, a full disk or a crash
half-way leaves no truncated PDF that looks complete, and an older file of the same name stays
intact. The person is told what went wrong in their language (``DocumentWriteError``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from civodesk.i18n import _
from civodesk.owner_only import OWNER_ONLY

T = TypeVar("T")
_FULL_DISK = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class DocumentWriteError(OSError):
    """The document could not be written; nothing was left at ``path``. ``str()`` says why.

    An ``OSError`` without errno, so the command line and the desk show the sentence as it is.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(
            _(
                "Le document {path} n'a pas pu être enregistré : {reason} Aucun fichier "
                "incomplet n'a été laissé ; choisissez un autre emplacement ou réessayez."
            ).format(path=path, reason=_reason(path, cause))
        )
        self.path = path
        self.cause = cause


def _reason(path: Path, error: OSError) -> str:
    if error.errno in _FULL_DISK:
        return _("le disque est plein.")
    if isinstance(error, IsADirectoryError):
        return _("ce nom est celui d'un dossier.")
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return _("le dossier {folder} n'existe pas.").format(folder=path.parent)
    if isinstance(error, PermissionError) or error.errno in _READ_ONLY:
        return _(
            "ce dossier n'accepte pas l'écriture (droits insuffisants, support en lecture seule "
            "ou fichier ouvert dans un autre programme)."
        )
    code = errno.errorcode.get(error.errno or 0, str(error.errno))
    return _("erreur système {code}.").format(code=code)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_atomically(target: str | Path, produce: Callable[[IO[bytes]], T]) -> T:
    """Run ``produce(stream)`` on a temporary file beside ``target``, then rename it into place.

    Returns what ``produce`` returns. On any ``OSError`` the temporary file is removed and a
    ``DocumentWriteError`` is raised; any other exception also removes it and propagates.
    """
    path = Path(target)
    if path.is_dir():
        raise DocumentWriteError(path, IsADirectoryError(errno.EISDIR, "", str(path)))
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        # Badges, sheets, minutes and exports carry names: owner only (see civodesk.owner_only)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, OWNER_ONLY)
    except OSError as error:
        raise DocumentWriteError(path, error) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            result = produce(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        _remove_quietly(temporary)
        raise DocumentWriteError(path, error) from error
    except BaseException:
        _remove_quietly(temporary)
        raise
    with contextlib.suppress(OSError):  # the file is complete; only its durability is at stake
        _sync_folder(path.parent)
    return result


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
