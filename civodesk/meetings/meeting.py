"""Meetings and agenda items as the rest of the application sees them, and their validation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from civodesk.i18n import _

MAX_TITLE_LENGTH = 300
MAX_NAME_LENGTH = 200
MAX_PROXY_LIMIT = 20
DEFAULT_PROXY_LIMIT = 1
"""French law (CGCT L2121-20) lets a councillor hold one proxy; other meetings may allow more."""
MAX_BADGE_MARGIN_DAYS = 365
DEFAULT_BADGE_MARGIN_DAYS = 1
ORGANIZATION_NAMESPACE = uuid.UUID("6f1c8a52-3c1e-4d7e-9a35-2f0f8c3b7e11")


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


def organization_id(name: str) -> str:
    """The same organization name gives the same id on every device (so desks merge cleanly)."""
    return str(uuid.uuid5(ORGANIZATION_NAMESPACE, " ".join(name.split()).casefold()))


@dataclass(frozen=True)
class MeetingFields:
    """What a person types in the meeting dialog."""

    title: str
    organization: str
    place: str
    starts_at: datetime
    ends_at: datetime
    facilitators: tuple[str, ...] = ()
    description: str = ""
    quorum_percent: float | None = None
    president: str = ""  # who presides a council session (procès-verbal, CGCT L2121-15)
    secretaries: tuple[str, ...] = ()  # secrétaire(s) de séance
    proxy_limit: int = DEFAULT_PROXY_LIMIT  # proxies one present person may hold
    badge_margin_days: int = DEFAULT_BADGE_MARGIN_DAYS  # badges admit until the end plus this


@dataclass(frozen=True)
class AgendaItemFields:
    title: str
    duration_minutes: int


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ValidationError(ValueError):
    """Input refused before anything was written; ``errors`` says which field and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


def validate_meeting(fields: MeetingFields) -> list[FieldError]:
    errors: list[FieldError] = []
    if not fields.title.strip():
        errors.append(FieldError("title", _("Le titre est obligatoire.")))
    elif len(fields.title.strip()) > MAX_TITLE_LENGTH:
        errors.append(
            FieldError(
                "title",
                _("Le titre est trop long ({max} caractères au plus).").format(
                    max=MAX_TITLE_LENGTH
                ),
            )
        )
    if not fields.organization.strip():
        errors.append(
            FieldError("organization", _("Indiquez la commune ou la collectivité organisatrice."))
        )
    if fields.starts_at.tzinfo is None or fields.ends_at.tzinfo is None:
        errors.append(FieldError("starts_at", _("Les dates doivent porter un fuseau horaire.")))
    elif fields.ends_at <= fields.starts_at:
        errors.append(FieldError("ends_at", _("La fin doit être après le début.")))
    if len(fields.president.strip()) > MAX_NAME_LENGTH or any(
        len(name.strip()) > MAX_NAME_LENGTH for name in fields.secretaries
    ):
        errors.append(
            FieldError(
                "president",
                _("Un nom est trop long ({max} caractères au plus).").format(max=MAX_NAME_LENGTH),
            )
        )
    if fields.quorum_percent is not None and not 0 < fields.quorum_percent <= 100:
        errors.append(
            FieldError(
                "quorum_percent",
                _("Le quorum est un pourcentage supérieur à 0 et au plus égal à 100 (ou aucun)."),
            )
        )
    if not 1 <= fields.proxy_limit <= MAX_PROXY_LIMIT:
        errors.append(
            FieldError(
                "proxy_limit",
                _("Une personne peut détenir de 1 à {max} procurations.").format(
                    max=MAX_PROXY_LIMIT
                ),
            )
        )
    if not 0 <= fields.badge_margin_days <= MAX_BADGE_MARGIN_DAYS:
        errors.append(
            FieldError(
                "badge_margin_days",
                _("La marge de validité des badges va de 0 à {max} jours.").format(
                    max=MAX_BADGE_MARGIN_DAYS
                ),
            )
        )
    return errors


def validate_agenda_item(fields: AgendaItemFields) -> list[FieldError]:
    errors: list[FieldError] = []
    if not fields.title.strip():
        errors.append(FieldError("title", _("L'intitulé du point est obligatoire.")))
    elif len(fields.title.strip()) > MAX_TITLE_LENGTH:
        errors.append(
            FieldError(
                "title",
                _("L'intitulé est trop long ({max} caractères au plus).").format(
                    max=MAX_TITLE_LENGTH
                ),
            )
        )
    if not 1 <= fields.duration_minutes <= 24 * 60:
        errors.append(FieldError("duration_minutes", _("La durée prévue va de 1 à 1440 minutes.")))
    return errors


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    title: str
    duration_minutes: int
    position: float
    version: str


@dataclass(frozen=True)
class MeetingSummary:
    """One row of the meetings list."""

    id: str
    title: str
    organization: str
    place: str
    starts_at: datetime
    ends_at: datetime
    status: MeetingStatus
    participant_count: int


@dataclass(frozen=True)
class MeetingDetails:
    id: str
    fields: MeetingFields
    status: MeetingStatus
    version: str
    agenda: tuple[AgendaItemView, ...] = field(default_factory=tuple)

    @property
    def is_read_only(self) -> bool:
        return self.status is MeetingStatus.CLOSED

    @property
    def planned_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.agenda)
