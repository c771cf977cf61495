"""Exchanging a one-time enroll code for a device token and a certificate of the device's key.

The request is signed by the key it presents, so the server certifies only a key the desk holds.
A device id already certified (enrolled, or vouched for by a relaying desk) can enrol again only
with that same key: a new code alone never takes over a device id. A device id held in another
organization is refused with the very answer of a key mismatch in this one, so an enrolment never
tells which organization, if any other, holds an id.
"""

from __future__ import annotations

from sqlalchemy import select, update

from civodesk.journal.certificates import Certificate, CertificateKind
from sync.protocol import DeviceInfo, EnrollRequest, ErrorCode
from sync.server.certify import certified_key, certify, proof_is_valid
from sync.server.clock import iso, utc_now, wall_seconds
from sync.server.db import ServerDatabase
from sync.server.errors import ApiError
from sync.server.security import enroll_code_hash, new_device_token, secret_hash
from sync.server.settings import ServerSettings
from sync.server.tables import devices, enroll_codes, organizations

INVALID_CODE_MESSAGE = "this enroll code is unknown, already used or expired"
INVALID_PROOF_MESSAGE = "the enrolment is not signed by the key it presents"
DEVICE_ID_TAKEN_MESSAGE = (
    "this device id is held by another key or is still active elsewhere; enrol again from the "
    "desk that holds it, or under a new device id"
)


def enroll_device(
    database: ServerDatabase, settings: ServerSettings, request: EnrollRequest
) -> tuple[str, DeviceInfo, Certificate]:
    """Use the code once and return a fresh token for the device.

    A device already enrolled in the same organization (a reinstalled desk, or one revoked and
    deliberately given a new code) gets a new token; its previous token stops working. A device
    active in another organization is refused (that organization must revoke it first) with the
    same 409 as a key mismatch, word for word.
    """
    if not proof_is_valid(request, request.code):
        raise ApiError(403, ErrorCode.INVALID_PROOF, INVALID_PROOF_MESSAGE)
    token = new_device_token()
    now = utc_now()
    with database.write() as conn:
        code = conn.execute(
            select(enroll_codes, organizations.c.name)
            .join(organizations, organizations.c.id == enroll_codes.c.organization_id)
            .where(enroll_codes.c.code_hash == enroll_code_hash(request.code))
            .with_for_update(of=enroll_codes)
        ).first()
        if code is None or code.used_at is not None or code.expires_at <= iso(now):
            raise ApiError(403, ErrorCode.INVALID_ENROLL_CODE, INVALID_CODE_MESSAGE)
        existing = conn.execute(
            select(devices.c.organization_id, devices.c.revoked_at, devices.c.public_key)
            .where(devices.c.device_id == request.device_id)
            .with_for_update()
        ).first()
        values = {
            "organization_id": code.organization_id,
            "label": request.label,
            "token_hash": secret_hash(token),
            "enrolled_at": iso(now),
            "revoked_at": None,
            "rate_tokens": float(settings.rate_burst),
            "rate_updated_at": wall_seconds(),
            "public_key": request.public_key,
        }
        known_keys = {certified_key(conn, code.organization_id, request.device_id)}
        if existing is not None:
            known_keys.add(existing.public_key)
        known_keys.discard(None)
        active_elsewhere = (
            existing is not None
            and existing.organization_id != code.organization_id
            and existing.revoked_at is None
        )
        if known_keys - {request.public_key} or active_elsewhere:
            raise ApiError(409, ErrorCode.DEVICE_KEY_MISMATCH, DEVICE_ID_TAKEN_MESSAGE)
        if existing is None:
            conn.execute(devices.insert().values(device_id=request.device_id, **values))
        else:
            conn.execute(
                update(devices).where(devices.c.device_id == request.device_id).values(**values)
            )
        conn.execute(
            update(enroll_codes)
            .where(enroll_codes.c.code_hash == code.code_hash)
            .values(used_at=iso(now), used_by_device_id=request.device_id)
        )
        certificate = certify(
            conn,
            organization_id=code.organization_id,
            organization_name=code.name,
            device_id=request.device_id,
            public_key=request.public_key,
            label=request.label,
            kind=CertificateKind.ENROLLED,
            now_ms=int(now.timestamp() * 1000),
        )
    info = DeviceInfo(
        device_id=request.device_id,
        label=request.label,
        organization_id=code.organization_id,
        organization_name=code.name,
    )
    return token, info, certificate
