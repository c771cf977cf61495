"""Reading a registration list exported by Excel, LibreOffice or an online platform.

Such files come as UTF-8 (with or without the BOM Excel adds), Windows-1252 (Excel's "CSV" on a
French Windows), or UTF-16 ("Unicode text"); separated by ``;`` (French Excel), ``,`` or tabs.
The encoding and separator are guessed, can be forced, and are shown in the preview in plain words
("Excel (Windows)"), never as codec names.

A file whose structure cannot be trusted is refused whole, with the line and the reason: a quote
that swallows line breaks (names never span lines), a stray quote, or a UTF-8 file with a line
saved in another encoding. Reading such a file "as best we can" once turned four lines into two
people and lost every first name.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from civodesk.i18n import N_, _

SEPARATORS = (";", ",", "\t")
MAX_FILE_BYTES = 64 * 1024 * 1024

ENCODINGS = {
    "windows": ("cp1252", N_("Excel (Windows)")),
    "utf-8": ("utf-8-sig", N_("UTF-8 (LibreOffice, Google Sheets, Excel « CSV UTF-8 »)")),
    "utf-16": ("utf-16", N_("Unicode UTF-16 (Excel « Texte Unicode »)")),
}
"""The encodings a person can choose, by a plain name: name → (codec, label)."""
_LABELS = dict(ENCODINGS.values())


class UnreadableFileError(ValueError):
    """The file cannot be read as a table at all (the preview shows this message)."""


@dataclass(frozen=True)
class CsvTable:
    encoding: str
    separator: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(line number in the file, cells) for each non-empty data row."""


def encoding_label(codec: str) -> str:
    """The plain words for a codec the reader used ("Excel (Windows)")."""
    label = _LABELS.get(codec)
    return _(label) if label is not None else codec


def codec_for(choice: str) -> str:
    """The codec behind a plain encoding name (``windows``, ``utf-8``, ``utf-16``)."""
    return ENCODINGS[choice][0]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, codec used). Tries UTF-8 (BOM or not), then UTF-16 with BOM, then Windows-1252."""
    if encoding is not None:
        return _decode_as(data, encoding), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UnreadableFileError(_("Fichier Unicode UTF-16 endommagé.")) from error
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(
            _("Ce fichier n'est pas un fichier texte CSV (tableur enregistré en .xlsx ?).")
        )
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as error:
        if _has_utf8_accents(data):
            raise UnreadableFileError(
                _(
                    "La ligne {line} n'est pas en UTF-8 comme le reste du fichier (encodage "
                    "mélangé, souvent un copier-coller depuis Excel sous Windows) : ouvrez le "
                    "fichier dans le tableur, corrigez les accents de cette ligne et "
                    "enregistrez-le de nouveau en CSV UTF-8."
                ).format(line=_line_of(data, error.start))
            ) from error
    return _decode_as(data, "cp1252"), "cp1252"


def _decode_as(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            _(
                "Le fichier ne peut pas être lu en {encoding} : caractère illisible à la "
                "ligne {line}. Enregistrez le fichier en CSV UTF-8 depuis le tableur."
            ).format(encoding=encoding_label(codec), line=_line_of(data, error.start))
        ) from error
    except LookupError as error:
        raise UnreadableFileError(
            _("Encodage inconnu : {encoding}.").format(encoding=codec)
        ) from error


def _has_utf8_accents(data: bytes) -> bool:
    """True when some line decodes as UTF-8 with accented letters (the file is meant as UTF-8)."""
    for line in data.splitlines():
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    start = 1
    try:
        for cells in reader:
            if any("\n" in cell or "\r" in cell for cell in cells):
                raise UnreadableFileError(
                    _(
                        "Ligne {line} : un guillemet ouvert n'est fermé qu'à la ligne {end} "
                        "(guillemet oublié ?) ; rien n'a été lu."
                    ).format(line=start, end=reader.line_num)
                )
            stripped = tuple(cell.strip() for cell in cells)
            line, start = start, reader.line_num + 1
            if not any(stripped):
                continue
            if headers is None:
                headers = stripped
                continue
            rows.append((line, stripped))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            message = _(
                "Ligne {line} : un guillemet ouvert n'est jamais fermé ; rien n'a été lu."
            ).format(line=start)
        else:
            message = _(
                "Ligne {line} : guillemet mal placé (un guillemet dans une cellule doit être "
                "doublé) ; rien n'a été lu."
            ).format(line=start)
        raise UnreadableFileError(message) from error
    if headers is None:
        raise UnreadableFileError(_("Le fichier ne contient pas de ligne d'en-tête."))
    return CsvTable(used, sep, headers, tuple(rows))
