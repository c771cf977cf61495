"""Administration: organizations, enroll codes and device revocation (used by the CLI and tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from civodesk.ids import new_id
from sync.server.clock import iso, utc_now
from sync.server.db import ServerDatabase
from sync.server.security import enroll_code_hash, new_enroll_code
from sync.server.tables import devices, enroll_codes, meetings, organizations

DEFAULT_CODE_LIFETIME = timedelta(days=7)


class AdminError(Exception):
    """An administration request that cannot be carried out; ``code`` says why."""

    def __init__(self, code: str, subject: str) -> None:
        super().__init__(f"{code}: {subject}")
        self.code = code
        self.subject = subject


ORGANIZATION_EXISTS = "organization_exists"
UNKNOWN_ORGANIZATION = "unknown_organization"
UNKNOWN_DEVICE = "unknown_device"
INVALID_NAME = "invalid_name"


@dataclass(frozen=True)
class OrganizationRecord:
    id: str
    name: str
    device_count: int = 0
    meeting_count: int = 0


@dataclass(frozen=True)
class EnrollCode:
    code: str
    organization: str
    expires_at: datetime


@dataclass(frozen=True)
class DeviceRecord:
    device_id: str
    label: str
    organization: str
    enrolled_at: str
    revoked_at: str | None


def create_organization(database: ServerDatabase, name: str) -> OrganizationRecord:
    name = name.strip()
    if not name or len(name) > 200:
        raise AdminError(INVALID_NAME, name)
    with database.write() as conn:
        exists = conn.execute(
            select(organizations.c.id).where(organizations.c.name == name)
        ).first()
        if exists is not None:
            raise AdminError(ORGANIZATION_EXISTS, name)
        organization_id = new_id()
        conn.execute(
            organizations.insert().values(
                id=organization_id, name=name, created_at=iso(utc_now()), last_receive_seq=0
            )
        )
    return OrganizationRecord(organization_id, name)


def list_organizations(database: ServerDatabase) -> list[OrganizationRecord]:
    device_counts = (
        select(devices.c.organization_id, func.count().label("n"))
        .where(devices.c.revoked_at.is_(None))
        .group_by(devices.c.organization_id)
        .subquery()
    )
    meeting_counts = (
        select(meetings.c.organization_id, func.count().label("n"))
        .group_by(meetings.c.organization_id)
        .subquery()
    )
    query = (
        select(
            organizations.c.id,
            organizations.c.name,
            func.coalesce(device_counts.c.n, 0),
            func.coalesce(meeting_counts.c.n, 0),
        )
        .outerjoin(device_counts, device_counts.c.organization_id == organizations.c.id)
        .outerjoin(meeting_counts, meeting_counts.c.organization_id == organizations.c.id)
        .order_by(organizations.c.name)
    )
    with database.read() as conn:
        return [OrganizationRecord(*row) for row in conn.execute(query)]


def _organization_id(database: ServerDatabase, name: str) -> str:
    with database.read() as conn:
        found = conn.execute(
            select(organizations.c.id).where(organizations.c.name == name.strip())
        ).scalar()
    if found is None:
        raise AdminError(UNKNOWN_ORGANIZATION, name)
    return str(found)


def issue_enroll_code(
    database: ServerDatabase, organization: str, lifetime: timedelta = DEFAULT_CODE_LIFETIME
) -> EnrollCode:
    """A one-time code for one desk to join ``organization``; only its hash is stored."""
    organization_id = _organization_id(database, organization)
    code = new_enroll_code()
    now = utc_now()
    expires_at = now + lifetime
    with database.write() as conn:
        conn.execute(
            enroll_codes.insert().values(
                code_hash=enroll_code_hash(code),
                organization_id=organization_id,
                created_at=iso(now),
                expires_at=iso(expires_at),
            )
        )
    return EnrollCode(code, organization.strip(), expires_at)


def revoke_device(database: ServerDatabase, device_id: str) -> DeviceRecord:
    """Refuse every later request of the device (its token stops working at once)."""
    with database.write() as conn:
        result = conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=iso(utc_now()))
        )
        if result.rowcount == 0:
            known = conn.execute(
                select(devices.c.device_id).where(devices.c.device_id == device_id)
            ).first()
            if known is None:
                raise AdminError(UNKNOWN_DEVICE, device_id)
    return next(d for d in list_devices(database) if d.device_id == device_id)


def list_devices(database: ServerDatabase, organization: str | None = None) -> list[DeviceRecord]:
    query = (
        select(
            devices.c.device_id,
            devices.c.label,
            organizations.c.name,
            devices.c.enrolled_at,
            devices.c.revoked_at,
        )
        .join(organizations, organizations.c.id == devices.c.organization_id)
        .order_by(organizations.c.name, devices.c.enrolled_at)
    )
    if organization is not None:
        query = query.where(organizations.c.name == organization.strip())
    with database.read() as conn:
        return [DeviceRecord(*row) for row in conn.execute(query)]


def parse_lifetime(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m`` → a duration; ValueError otherwise."""
    units = {"d": "days", "h": "hours", "m": "minutes"}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit() or int(text[:-1]) <= 0:
        raise ValueError(f"invalid duration: {text!r}")
    amount = int(text[:-1])
    return timedelta(**{units[text[-1]]: amount})
