"""Who is calling: the bearer token's device, its organization, and its rate budget.

The rate limit is a token bucket kept in the device's row and updated under the row's lock, so it
holds across every server process sharing the database (nothing is kept in process memory).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from sync.protocol import ErrorCode
from sync.server.clock import wall_seconds
from sync.server.db import ServerDatabase
from sync.server.errors import ApiError
from sync.server.security import secret_hash
from sync.server.settings import ServerSettings
from sync.server.tables import devices, organizations


@dataclass(frozen=True)
class AuthenticatedDevice:
    device_id: str
    label: str
    organization_id: str
    organization_name: str


def parse_bearer(authorization: str | None) -> str:
    if not authorization:
        raise ApiError(401, ErrorCode.MISSING_TOKEN, "an Authorization: Bearer token is required")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, ErrorCode.INVALID_TOKEN, "the Authorization header is not a Bearer token"
        )
    return token.strip()


def authenticate(
    database: ServerDatabase, settings: ServerSettings, token: str
) -> AuthenticatedDevice:
    """The device owning ``token``, after taking one request from its rate budget."""
    with database.write(durable=False) as conn:
        row = conn.execute(
            select(
                devices.c.device_id,
                devices.c.label,
                devices.c.organization_id,
                devices.c.revoked_at,
                devices.c.rate_tokens,
                devices.c.rate_updated_at,
                organizations.c.name,
            )
            .join(organizations, organizations.c.id == devices.c.organization_id)
            .where(devices.c.token_hash == secret_hash(token))
            .with_for_update(of=devices)
        ).first()
        if row is None:
            raise ApiError(401, ErrorCode.INVALID_TOKEN, "unknown or replaced device token")
        if row.revoked_at is not None:
            raise ApiError(
                403, ErrorCode.DEVICE_REVOKED, f"this device was revoked on {row.revoked_at}"
            )
        now = wall_seconds()
        elapsed = max(0.0, now - row.rate_updated_at)
        available = min(
            float(settings.rate_burst), row.rate_tokens + elapsed * settings.rate_per_second
        )
        if available < 1.0:
            wait = (1.0 - available) / settings.rate_per_second
            raise ApiError(
                429,
                ErrorCode.RATE_LIMITED,
                f"too many requests from this device; retry in {wait:.1f} s",
                retry_after_s=wait,
            )
        conn.execute(
            update(devices)
            .where(devices.c.device_id == row.device_id)
            .values(rate_tokens=available - 1.0, rate_updated_at=now)
        )
    return AuthenticatedDevice(row.device_id, row.label, row.organization_id, row.name)
