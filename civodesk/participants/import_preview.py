"""The preview of a registration-list import: every row, with its problems, before anything is written.

A list can be imported over the one already registered (an updated export): each row is matched to
a registered person by e-mail, or else by name and commune, and is shown as new, changed, unchanged
or in error. Problems are per row and say what to fix: no name, an invalid e-mail address or phone
number, a value too long, a row whose cell count differs from the header (often another separator),
the same person twice in the file, an unreadable consent answer.

Consent is never assumed: a row consents when the file's consent column says so, or when the person
importing states the purpose the whole list agreed to. Without consent only what the meeting needs
is kept (``participant.KEPT_WITHOUT_CONSENT``): the e-mail address and the phone number are
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from civodesk.checkin.name_search import fold
from civodesk.i18n import _
from civodesk.participants.column_mapping import CONSENT, FULL_NAME, IMPORT_FIELDS, field_label
from civodesk.participants.csv_reading import SEPARATORS, CsvTable
from civodesk.participants.participant import (
    CONTACT_FIELDS,
    PARTICIPANT_FIELD_NAMES,
    ParticipantFields,
)

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
_YES = {"oui", "o", "yes", "y", "1", "x", "vrai", "true", "ok", "d accord", "accepte"}
_NO = {"non", "n", "no", "0", "faux", "false", "refuse", ""}


class RowStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


class MatchKey(StrEnum):
    EMAIL = "email"
    NAME_AND_COMMUNE = "name_commune"


def match_label(key: MatchKey | None) -> str:
    if key == MatchKey.EMAIL:
        return _("courriel")
    if key == MatchKey.NAME_AND_COMMUNE:
        return _("nom et commune")
    return ""


@dataclass(frozen=True)
class RegisteredPerson:
    """Someone already registered for the meeting, as the preview compares them."""

    participant_id: str
    version: str
    fields: ParticipantFields
    consent: bool
    consent_purpose: str


@dataclass(frozen=True)
class Consent:
    """What the person importing states for the whole list: the purpose, or nothing (no consent)."""

    purpose: str = ""

    @property
    def stated(self) -> bool:
        return bool(self.purpose.strip())


@dataclass(frozen=True)
class PreviewRow:
    line: int
    fields: ParticipantFields
    errors: tuple[str, ...] = ()
    status: RowStatus = RowStatus.NEW
    participant_id: str | None = None
    version: str | None = None
    matched_by: MatchKey | None = None
    changes: Mapping[str, object] = field(default_factory=dict)
    """For a changed row: field → new value (``consent``/``consent_purpose`` included)."""
    before: Mapping[str, object] = field(default_factory=dict)
    consent: bool = False
    consent_purpose: str = ""


@dataclass(frozen=True)
class ImportPreview:
    """What the wizard shows; ``importable`` only when there is no problem at all."""

    encoding: str
    separator: str
    headers: tuple[str, ...]
    mapping: Mapping[int, str | None]
    rows: tuple[PreviewRow, ...]
    file_errors: tuple[str, ...] = ()
    basis: frozenset[tuple[str, str]] = frozenset()
    """(participant id, version) of everyone registered when the preview was made."""

    def with_status(self, status: RowStatus) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if row.status == status)

    @property
    def error_rows(self) -> tuple[PreviewRow, ...]:
        return self.with_status(RowStatus.ERROR)

    @property
    def new_rows(self) -> tuple[PreviewRow, ...]:
        return self.with_status(RowStatus.NEW)

    @property
    def changed_rows(self) -> tuple[PreviewRow, ...]:
        return self.with_status(RowStatus.CHANGED)

    @property
    def unchanged_rows(self) -> tuple[PreviewRow, ...]:
        return self.with_status(RowStatus.UNCHANGED)

    @property
    def importable(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.error_rows

    def importable_skipping_errors(self) -> bool:
        """True when, leaving out the rows in error, something remains to write."""
        return not self.file_errors and bool(self.new_rows or self.changed_rows)

    @property
    def people(self) -> list[ParticipantFields]:
        return [row.fields for row in self.rows]


def failed_preview(message: str) -> ImportPreview:
    return ImportPreview("", "", (), {}, (), (message,))


def build_preview(
    table: CsvTable,
    mapping: Mapping[int, str | None],
    registered: Sequence[RegisteredPerson] = (),
    consent: Consent = Consent(),
) -> ImportPreview:
    """Check, match and compare every row; nothing is written."""
    file_errors = _mapping_errors(table, mapping)
    if file_errors:
        return ImportPreview(
            table.encoding, table.separator, table.headers, dict(mapping), (), tuple(file_errors)
        )
    matcher = _Matcher(registered)
    has_consent_column = CONSENT in mapping.values()
    width = len(table.headers)
    first_seen: dict[str, int] = {}
    rows = []
    for line, cells in table.rows:
        fields, answer, errors = _row_fields(cells, mapping)
        errors[:0] = _width_errors(cells, width, table.separator)
        if errors:
            rows.append(PreviewRow(line, fields, tuple(errors), RowStatus.ERROR))
            continue
        person, matched_by, ambiguity = matcher.match(fields)
        if ambiguity:
            rows.append(PreviewRow(line, fields, (ambiguity,), RowStatus.ERROR))
            continue
        key = person.participant_id if person else _file_key(fields)
        if key in first_seen:
            duplicate = _("Doublon de la ligne {line}.").format(line=first_seen[key])
            rows.append(PreviewRow(line, fields, (duplicate,), RowStatus.ERROR))
            continue
        first_seen[key] = line
        stated = answer if has_consent_column else (True if consent.stated else None)
        purpose = consent.purpose.strip() or _("l'émargement et le compte-rendu de la réunion")
        rows.append(_compared(line, fields, person, matched_by, stated, purpose))
    empty = () if rows else (_("Le fichier ne contient aucune ligne de participant."),)
    return ImportPreview(
        table.encoding,
        table.separator,
        table.headers,
        dict(mapping),
        tuple(rows),
        empty,
        basis_of(registered),
    )


def basis_of(registered: Sequence[RegisteredPerson]) -> frozenset[tuple[str, str]]:
    """What a preview was compared with: if it changed, the preview is stale."""
    return frozenset((person.participant_id, person.version) for person in registered)


def _compared(
    line: int,
    fields: ParticipantFields,
    person: RegisteredPerson | None,
    matched_by: MatchKey | None,
    stated: bool | None,
    purpose: str,
) -> PreviewRow:
    """The row as new, changed or unchanged; contacts dropped when there is no consent."""
    if person is None:
        consented = bool(stated)
        kept = fields if consented else _without_contacts(fields)
        return PreviewRow(
            line, kept, consent=consented, consent_purpose=purpose if consented else ""
        )
    consented = person.consent if stated is None else stated
    new_purpose = (person.consent_purpose if stated is None else purpose) if consented else ""
    merged = {
        name: _updated(getattr(person.fields, name), getattr(fields, name))
        for name in PARTICIPANT_FIELD_NAMES
    }
    if not consented:
        merged.update(dict.fromkeys(CONTACT_FIELDS, ""))
    after: dict[str, object] = {
        **merged,
        "consent": consented,
        "consent_purpose": new_purpose,
    }
    before: dict[str, object] = {
        **{name: getattr(person.fields, name) for name in PARTICIPANT_FIELD_NAMES},
        "consent": person.consent,
        "consent_purpose": person.consent_purpose,
    }
    changes = {name: value for name, value in after.items() if before[name] != value}
    return PreviewRow(
        line,
        ParticipantFields(**merged),
        status=RowStatus.CHANGED if changes else RowStatus.UNCHANGED,
        participant_id=person.participant_id,
        version=person.version,
        matched_by=matched_by,
        changes=changes,
        before={name: before[name] for name in changes},
        consent=consented,
        consent_purpose=new_purpose,
    )


def _updated(known: str, given: str) -> str:
    """A blank cell, or one differing only by capitals and accents, keeps the known value."""
    if not given or fold(given) == fold(known):
        return known
    return given


def _without_contacts(fields: ParticipantFields) -> ParticipantFields:
    return replace(fields, **dict.fromkeys(CONTACT_FIELDS, ""))


def _name_key(fields: ParticipantFields) -> str:
    return "|".join((fold(fields.first_name), fold(fields.last_name), fold(fields.commune)))


def _file_key(fields: ParticipantFields) -> str:
    return f"@{fields.email.lower()}" if fields.email else _name_key(fields)


class _Matcher:
    """Finds the registered person a row is: same e-mail, or else same name and commune."""

    def __init__(self, registered: Sequence[RegisteredPerson]) -> None:
        self._by_email: dict[str, RegisteredPerson] = {}
        self._by_name: dict[str, list[RegisteredPerson]] = {}
        for person in registered:
            if person.fields.email:
                self._by_email.setdefault(person.fields.email.lower(), person)
            self._by_name.setdefault(_name_key(person.fields), []).append(person)

    def match(
        self, fields: ParticipantFields
    ) -> tuple[RegisteredPerson | None, MatchKey | None, str]:
        if fields.email and fields.email.lower() in self._by_email:
            return self._by_email[fields.email.lower()], MatchKey.EMAIL, ""
        same_name = self._by_name.get(_name_key(fields), [])
        if len(same_name) > 1:
            return (
                None,
                None,
                _(
                    "{count} inscrits portent ce nom dans cette commune : ajoutez leur courriel "
                    "pour savoir de qui il s'agit."
                ).format(count=len(same_name)),
            )
        if same_name:
            return same_name[0], MatchKey.NAME_AND_COMMUNE, ""
        return None, None, ""


def _width_errors(cells: tuple[str, ...], width: int, separator: str) -> list[str]:
    """A row whose cell count differs from the header's; names the separator it seems to use."""
    if len(cells) == width:
        return []
    if len(cells) > width and not any(cells[width:]):
        return []  # trailing empty cells, as spreadsheets write them
    if len(cells) == 1 and width > 1:
        others = [sep for sep in SEPARATORS if sep != separator and sep in cells[0]]
        if others:
            return [
                _(
                    "Cette ligne est séparée par « {found} » alors que l'en-tête l'est par "
                    "« {expected} » : elle serait lue comme un seul nom."
                ).format(found=_separator_name(others[0]), expected=_separator_name(separator))
            ]
    return [
        _("{count} cellules alors que l'en-tête a {width} colonnes.").format(
            count=len(cells), width=width
        )
    ]


def _separator_name(separator: str) -> str:
    return _("tabulation") if separator == "\t" else separator


def _mapping_errors(table: CsvTable, mapping: Mapping[int, str | None]) -> list[str]:
    errors = []
    fields = [field for field in mapping.values() if field is not None]
    for name in IMPORT_FIELDS:
        if fields.count(name) > 1:
            errors.append(
                _("Plusieurs colonnes sont associées à « {field} ».").format(
                    field=field_label(name)
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
) -> tuple[ParticipantFields, bool, list[str]]:
    """The row's fields, its consent answer (False when blank) and its problems."""
    values: dict[str, str] = dict.fromkeys(MAX_LENGTHS, "")
    answer = ""
    errors: list[str] = []
    for index, name in mapping.items():
        if name is None or index >= len(cells):
            continue
        value = "".join(char for char in cells[index] if char.isprintable()).strip()
        if name == FULL_NAME:
            first, _sep, last = value.partition(" ")
            values["first_name"] = values["first_name"] or first
            values["last_name"] = values["last_name"] or last.strip()
        elif name == CONSENT:
            answer = value
        else:
            values[name] = value
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
    folded_answer = fold(answer)
    if folded_answer not in _YES | _NO:
        errors.append(
            _("Consentement illisible : « {value} » (attendu : oui ou non).").format(
                value=answer[:40]
            )
        )
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors.append(
                _("« {field} » dépasse {limit} caractères.").format(
                    field=field_label(name), limit=limit
                )
            )
            values[name] = values[name][:limit]
    return ParticipantFields(**values), folded_answer in _YES, errors
