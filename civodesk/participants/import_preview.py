"""The preview of a registration-list import: every row, with its problems, before anything is written.

Nothing is imported unless the whole preview is clean (all or nothing). Problems are per row and
say what to fix: no name, an invalid e-mail address or phone number, a value too long, a row with
extra cells, the same person twice in the file, or someone already registered for the meeting.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from civodesk.checkin.name_search import fold
from civodesk.i18n import _
from civodesk.participants.column_mapping import FULL_NAME, IMPORT_FIELDS, field_label
from civodesk.participants.csv_reading import CsvTable
from civodesk.participants.participant import ParticipantFields

MAX_LENGTHS = {
    "first_name": 200,
    "last_name": 200,
    "email": 320,
    "phone": 40,
    "commune": 200,
    "neighbourhood": 200,
    "age_bracket": 40,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,30}$")


@dataclass(frozen=True)
class PreviewRow:
    line: int
    fields: ParticipantFields
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    """What the wizard shows; ``importable`` only when there is no problem at all."""

    encoding: str
    separator: str
    headers: tuple[str, ...]
    mapping: Mapping[int, str | None]
    rows: tuple[PreviewRow, ...]
    file_errors: tuple[str, ...] = ()

    @property
    def error_rows(self) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if row.errors)

    @property
    def importable(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.error_rows

    @property
    def people(self) -> list[ParticipantFields]:
        return [row.fields for row in self.rows]


def identity_key(fields: ParticipantFields) -> str:
    """Who a row is, for duplicate detection: folded name, plus e-mail when given."""
    return "|".join((fold(fields.first_name), fold(fields.last_name), fields.email.lower()))


def failed_preview(message: str) -> ImportPreview:
    return ImportPreview("", "", (), {}, (), (message,))


def build_preview(
    table: CsvTable, mapping: Mapping[int, str | None], registered: Collection[str]
) -> ImportPreview:
    """Check every row; ``registered`` holds the identity keys of people already registered."""
    file_errors = _mapping_errors(table, mapping)
    if file_errors:
        return ImportPreview(
            table.encoding, table.separator, table.headers, dict(mapping), (), tuple(file_errors)
        )
    width = len(table.headers)
    first_seen: dict[str, int] = {}
    rows = []
    for line, cells in table.rows:
        fields, errors = _row_fields(cells, mapping)
        if len(cells) > width and any(cells[width:]):
            errors.append(
                _("{count} cellules alors que l'en-tête a {width} colonnes.").format(
                    count=len(cells), width=width
                )
            )
        if not errors:
            key = identity_key(fields)
            if key in registered:
                errors.append(_("Cette personne est déjà inscrite à la réunion."))
            elif key in first_seen:
                errors.append(_("Doublon de la ligne {line}.").format(line=first_seen[key]))
            else:
                first_seen[key] = line
        rows.append(PreviewRow(line, fields, tuple(errors)))
    empty = () if rows else (_("Le fichier ne contient aucune ligne de participant."),)
    return ImportPreview(
        table.encoding, table.separator, table.headers, dict(mapping), tuple(rows), empty
    )


def _mapping_errors(table: CsvTable, mapping: Mapping[int, str | None]) -> list[str]:
    errors = []
    fields = [field for field in mapping.values() if field is not None]
    for field in IMPORT_FIELDS:
        if fields.count(field) > 1:
            errors.append(
                _("Plusieurs colonnes sont associées à « {field} ».").format(
                    field=field_label(field)
                )
            )
    if not {"last_name", "first_name", FULL_NAME} & set(fields):
        errors.append(
            _(
                "Colonne obligatoire manquante : aucune colonne « Nom » ou « Prénom » "
                "(en-têtes trouvés : {headers})."
            ).format(headers=", ".join(table.headers) or "—")
        )
    return errors


def _row_fields(
    cells: tuple[str, ...], mapping: Mapping[int, str | None]
) -> tuple[ParticipantFields, list[str]]:
    values: dict[str, str] = dict.fromkeys(MAX_LENGTHS, "")
    errors: list[str] = []
    for index, field in mapping.items():
        if field is None or index >= len(cells):
            continue
        value = "".join(char for char in cells[index] if char.isprintable()).strip()
        if field == FULL_NAME:
            first, _sep, last = value.partition(" ")
            values["first_name"] = values["first_name"] or first
            values["last_name"] = values["last_name"] or last.strip()
        else:
            values[field] = value
    if not values["first_name"] and not values["last_name"]:
        errors.append(_("Ni nom ni prénom."))
    if values["email"] and not _EMAIL.match(values["email"]):
        errors.append(
            _("Adresse de courriel invalide : « {value} ».").format(value=values["email"][:60])
        )
    if values["phone"] and not _PHONE.match(values["phone"]):
        errors.append(
            _("Numéro de téléphone invalide : « {value} ».").format(value=values["phone"][:40])
        )
    for field, limit in MAX_LENGTHS.items():
        if len(values[field]) > limit:
            errors.append(
                _("« {field} » dépasse {limit} caractères.").format(
                    field=field_label(field), limit=limit
                )
            )
            values[field] = values[field][:limit]
    return ParticipantFields(**values), errors
