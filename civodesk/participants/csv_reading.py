"""Reading a registration list exported by Excel, LibreOffice or an online platform.

Such files come as UTF-8 (with or without the BOM Excel adds), Windows-1252 (Excel's "CSV" on a
French Windows), or UTF-16 ("Unicode text"); separated by ``;`` (French Excel), ``,`` or tabs.
The encoding and separator are guessed, can be forced, and are shown in the preview.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from civodesk.i18n import _

SEPARATORS = (";", ",", "\t")
MAX_FILE_BYTES = 64 * 1024 * 1024


class UnreadableFileError(ValueError):
    """The file cannot be read as a table at all (the preview shows this message)."""


@dataclass(frozen=True)
class CsvTable:
    encoding: str
    separator: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(line number in the file, cells) for each non-empty data row."""


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Tries UTF-8 (BOM or not), then UTF-16 with BOM, then Windows-1252."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise UnreadableFileError(
                _("Le fichier ne peut pas être lu en {encoding}.").format(encoding=encoding)
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UnreadableFileError(_("Fichier UTF-16 endommagé.")) from error
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(
            _("Ce fichier n'est pas un fichier texte CSV (tableur enregistré en .xlsx ?).")
        )
    for candidate in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(
        _("Encodage non reconnu : enregistrez le fichier en CSV UTF-8 depuis le tableur.")
    )


def guess_separator(header_line: str) -> str:
    """The separator used most in the header line (``;`` when none is found, French Excel)."""
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, separator: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def read_table(data: bytes, encoding: str | None = None, separator: str | None = None) -> CsvTable:
    """Parse the file; raises ``UnreadableFileError`` with a plain message when it cannot."""
    if not data.strip():
        raise UnreadableFileError(_("Le fichier est vide."))
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFileError(_("Fichier trop volumineux (plus de 64 Mo)."))
    text, used = decode(data, encoding)
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    sep = separator or guess_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    try:
        for cells in reader:
            stripped = tuple(cell.strip() for cell in cells)
            if not any(stripped):
                continue
            if headers is None:
                headers = stripped
                continue
            rows.append((reader.line_num, stripped))
    except csv.Error as error:
        raise UnreadableFileError(
            _("Fichier CSV mal formé à la ligne {line} : {problem}.").format(
                line=reader.line_num, problem=error
            )
        ) from error
    if headers is None:
        raise UnreadableFileError(_("Le fichier ne contient pas de ligne d'en-tête."))
    return CsvTable(used, sep, headers, tuple(rows))
