"""Declared shapes of event payloads, checked before any event handler runs.

Every event type that a handler projects declares its payload: field names, types, lengths,
integer ranges, which fields are required, and, for an edit, which fields its ``changes`` may set.
The same check runs on the desk when an event is written (``Journal.append_many``) and wherever
events arrive (``ingest_events``, on desks and on the server), so a payload that a handler could not
store, or that would write a column it does not own, is refused with a reason and never reaches a
table. Text carries no control character other than newline and tab (no NUL), and every integer fits
in 64 bits, so SQLite and PostgreSQL see only values that both store alike.

Reasons name the field and the rule, never the value: they travel in sync answers and logs, and a
value may be a person's name.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table

from civodesk.i18n import _

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
ID_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,36}")
TYPE_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
FIELD_NAME_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,39}")
HASH_PATTERN = re.compile(r"[0-9a-f]{64}")
MAX_TYPE_LENGTH = 64
# Control characters (Unicode category Cc) other than newline and tab, NUL among them, and lone
# surrogates (no database can store them as text).
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def is_valid_id(value: object) -> bool:
    """True for a string an ``Id()`` field accepts (safe to send to any database as a key)."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


class PayloadError(ValueError):
    """A payload that does not match its declaration; ``field`` names where, the message why."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


def shown_name(name: object) -> str:
    """A field name fit for a message: only names that look like field names are echoed."""
    if isinstance(name, str) and FIELD_NAME_PATTERN.fullmatch(name):
        return name
    return _("(nom de champ invalide)")


class Spec(ABC):
    """One field's rule; ``check`` raises ``PayloadError`` naming ``name``."""

    nullable: bool = False

    def check(self, name: str, value: Any) -> None:
        if value is None:
            if not self.nullable:
                raise PayloadError(name, _("champ « {field} » : valeur absente").format(field=name))
            return
        self.check_value(name, value)

    @abstractmethod
    def check_value(self, name: str, value: Any) -> None:
        """Check a value that is present (``check`` has handled ``None``)."""


def _wrong_type(name: str, expected: str) -> PayloadError:
    return PayloadError(
        name, _("champ « {field} » : {expected} attendu").format(field=name, expected=expected)
    )


@dataclass(frozen=True)
class Text(Spec):
    max_length: int
    min_length: int = 0
    nullable: bool = False
    pattern: re.Pattern[str] | None = None

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, str):
            raise _wrong_type(name, _("un texte"))
        if len(value) > self.max_length:
            raise PayloadError(
                name,
                _(
                    "champ « {field} » : texte trop long ({length} caractères, au plus {limit})"
                ).format(field=name, length=len(value), limit=self.max_length),
            )
        if len(value) < self.min_length:
            raise PayloadError(name, _("champ « {field} » : texte vide").format(field=name))
        if _FORBIDDEN_CONTROL.search(value):
            raise PayloadError(
                name,
                _(
                    "champ « {field} » : caractère de contrôle interdit (seuls le retour à la ligne et "
                    "la tabulation sont admis)"
                ).format(field=name),
            )
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise PayloadError(name, _("champ « {field} » : format invalide").format(field=name))


def Id(*, nullable: bool = False) -> Text:  # noqa: N802  (reads as a type in declarations)
    """An identifier made on a device (UUID): 1 to 36 letters, digits, dashes or underscores."""
    return Text(36, 1, nullable, ID_PATTERN)


@dataclass(frozen=True)
class Integer(Spec):
    minimum: int = INT64_MIN
    maximum: int = INT64_MAX
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(name, _("un nombre entier"))
        if not self.minimum <= value <= self.maximum:
            raise PayloadError(
                name,
                _("champ « {field} » : nombre hors de l'intervalle {low} à {high}").format(
                    field=name, low=self.minimum, high=self.maximum
                ),
            )


@dataclass(frozen=True)
class Number(Spec):
    minimum: float = -1e15
    maximum: float = 1e15
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _wrong_type(name, _("un nombre"))
        if not (math.isfinite(value) and self.minimum <= value <= self.maximum):
            raise PayloadError(
                name,
                _("champ « {field} » : nombre hors de l'intervalle {low} à {high}").format(
                    field=name, low=self.minimum, high=self.maximum
                ),
            )


@dataclass(frozen=True)
class Boolean(Spec):
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise _wrong_type(name, _("vrai ou faux"))


@dataclass(frozen=True)
class Choice(Spec):
    values: frozenset[str]
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if value not in self.values:
            raise PayloadError(name, _("champ « {field} » : valeur non prévue").format(field=name))


@dataclass(frozen=True)
class TextList(Spec):
    item: Text
    max_items: int
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, list):
            raise _wrong_type(name, _("une liste"))
        if len(value) > self.max_items:
            raise PayloadError(
                name,
                _("champ « {field} » : liste trop longue (au plus {limit})").format(
                    field=name, limit=self.max_items
                ),
            )
        for item in value:
            self.item.check(name, item)


@dataclass(frozen=True)
class Nested(Spec):
    """A JSON object with its own fields, all required, nothing else."""

    fields: Mapping[str, Spec]
    nullable: bool = False

    def check_value(self, name: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(name, _("un objet"))
        check_fields(value, self.fields, frozenset(self.fields), prefix=f"{name}.")


def check_fields(
    values: Mapping[str, Any],
    specs: Mapping[str, Spec],
    required: frozenset[str],
    prefix: str = "",
) -> None:
    """Every key declared, every required key present, every value matching its rule."""
    for key in values:
        if key not in specs:
            raise PayloadError(
                prefix + shown_name(key),
                _("champ inconnu « {field} »").format(field=prefix + shown_name(key)),
            )
    for key in sorted(required - set(values)):
        raise PayloadError(
            prefix + key, _("champ obligatoire « {field} » absent").format(field=prefix + key)
        )
    for key, value in values.items():
        specs[key].check(prefix + key, value)


@dataclass(frozen=True)
class EventSchema:
    """What one event type's payload (and personal part) may hold.

    ``editable``: the fields that the payload's ``changes`` may set (an edit event), never an id,
    a meeting or an organization column. ``creates``: the table whose row the event creates and the
    payload field holding its id (None: the meeting itself), so an id already used in that meeting
    is refused before the handler runs.
    """

    type: str
    fields: Mapping[str, Spec]
    required: frozenset[str] = frozenset()
    editable: Mapping[str, Spec] | None = None
    personal: Mapping[str, Spec] | None = None
    creates: tuple[Table, str | None] | None = None

    def validate(self, payload: Any, personal: Any) -> None:
        if not isinstance(payload, dict):
            raise PayloadError("payload", _("le contenu de l'événement doit être un objet"))
        specs = dict(self.fields)
        required = set(self.required)
        if self.editable is not None:
            specs["changes"] = Nested(self.editable)
            required.add("changes")
        for key in payload:
            if key not in specs:
                raise PayloadError(
                    shown_name(key), _("champ inconnu « {field} »").format(field=shown_name(key))
                )
        for key in sorted(required - set(payload)):
            raise PayloadError(key, _("champ obligatoire « {field} » absent").format(field=key))
        for key, value in payload.items():
            if key == "changes" and self.editable is not None:
                self._check_changes(value)
            else:
                specs[key].check(key, value)
        self._check_personal(personal)

    def _check_changes(self, changes: Any) -> None:
        assert self.editable is not None
        if not isinstance(changes, dict):
            raise _wrong_type("changes", _("un objet"))
        for key in changes:
            if key not in self.editable:
                raise PayloadError(
                    "changes." + shown_name(key),
                    _("le champ « {field} » ne peut pas être modifié par « {type} »").format(
                        field=shown_name(key), type=self.type
                    ),
                )
        for key, value in changes.items():
            self.editable[key].check("changes." + key, value)

    def _check_personal(self, personal: Any) -> None:
        if personal is None:
            return
        if self.personal is None:
            raise PayloadError("personal", _("cet événement ne porte pas de données personnelles"))
        if not isinstance(personal, dict):
            raise _wrong_type("personal", _("un objet"))
        check_fields(personal, self.personal, frozenset(), prefix="personal.")


class IsoDateTime(Text):
    """An ISO 8601 date and time with its time zone."""

    def __init__(self) -> None:
        super().__init__(32, 1)

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise PayloadError(
                name,
                _("champ « {field} » : date et heure ISO avec fuseau attendues").format(field=name),
            )


class IsoDate(Text):
    """An ISO 8601 calendar date (YYYY-MM-DD)."""

    def __init__(self) -> None:
        super().__init__(10, 10, pattern=re.compile(r"\d{4}-\d{2}-\d{2}"))

    def check_value(self, name: str, value: Any) -> None:
        super().check_value(name, value)
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise PayloadError(
                name, _("champ « {field} » : date ISO attendue").format(field=name)
            ) from error


EDIT_BASE = Id(nullable=True)
"""The ``base`` of an edit: the version it was made on (None when unknown)."""

ENVELOPE: Mapping[str, Spec] = {
    "event_id": Id(),
    "meeting_id": Id(),
    "device_id": Id(),
    "seq": Integer(1, INT32_MAX),
    "device_time_ms": Integer(0, INT64_MAX),
    "hlc": Integer(0, INT64_MAX),
    "type": Text(MAX_TYPE_LENGTH, 1, pattern=TYPE_PATTERN),
    "personal_digest": Text(64, 64, nullable=True, pattern=HASH_PATTERN),
}
"""The fields every event carries, whatever its type: ids, numbers in range, a type name."""


def _is_int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _envelope_is_well_formed(event: Any) -> bool:
    digest = event.personal_digest
    return (
        is_valid_id(event.event_id)
        and is_valid_id(event.meeting_id)
        and is_valid_id(event.device_id)
        and _is_int_in(event.seq, 1, INT32_MAX)
        and _is_int_in(event.device_time_ms, 0, INT64_MAX)
        and _is_int_in(event.hlc, 0, INT64_MAX)
        and isinstance(event.type, str)
        and len(event.type) <= MAX_TYPE_LENGTH
        and TYPE_PATTERN.fullmatch(event.type) is not None
        and (
            digest is None
            or (isinstance(digest, str) and HASH_PATTERN.fullmatch(digest) is not None)
        )
    )


def check_envelope(values: Mapping[str, Any]) -> None:
    for name, spec in ENVELOPE.items():
        spec.check(name, values[name])


def envelope_problem(event: Any) -> PayloadError | None:
    """Why an event's envelope (``ENVELOPE``) is malformed; None when it is well formed."""
    if _envelope_is_well_formed(event):  # the common case, without building any message
        return None
    try:
        check_envelope({name: getattr(event, name) for name in ENVELOPE})
    except PayloadError as error:
        return error
    return None
