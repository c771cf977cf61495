"""Device certificates: an organization's signature vouching that a key belongs to a device.

At enrolment the server certifies the desk's public key with its organization's key, and the desk
keeps that organization key as a *trust anchor*. From then on any desk can check offline that a
stream, a package or a badge was signed by a key its organization vouches for. A desk that never
enrols (a remote commune exchanging USB packages) has no anchor: the user confirms each new desk
by its name and key fingerprint instead, and the confirmed key is kept in ``trusted_devices``.

A certificate is JSON: ``{"body": {...}, "signature": base64}``; the signature is the organization
key's Ed25519 signature over a context prefix and the canonical JSON of the body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.devices.identity import DeviceIdentity, public_key_from_b64
from civodesk.journal.event import canonical_json
from civodesk.journal.trust_tables import device_certificates, trust_anchors, trusted_devices

CERTIFICATE_CONTEXT = b"civodesk-device-certificate:v1\n"
CERTIFICATE_VERSION = 1


class CertificateKind(StrEnum):
    ENROLLED = "enrolled"
    """The device proved at enrolment that it holds the key."""
    VOUCHED = "vouched"
    """A desk of the organization relayed the device's stream (from a package its user trusted)."""


class KeySource(StrEnum):
    OWN = "own"
    CERTIFICATE = "certificate"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Certificate:
    organization_id: str
    organization_name: str
    organization_key: str
    device_id: str
    public_key: str
    label: str
    kind: CertificateKind
    issued_at_ms: int
    signature: str

    def body(self) -> dict[str, Any]:
        return {
            "v": CERTIFICATE_VERSION,
            "kind": self.kind.value,
            "organization_id": self.organization_id,
            "organization_name": self.organization_name,
            "organization_key": self.organization_key,
            "device_id": self.device_id,
            "public_key": self.public_key,
            "label": self.label,
            "issued_at_ms": self.issued_at_ms,
        }

    def to_json(self) -> dict[str, Any]:
        return {"body": self.body(), "signature": self.signature}

    def text(self) -> str:
        return canonical_json(self.to_json())


@dataclass(frozen=True)
class VouchedKey:
    public_key: str
    source: KeySource
    label: str


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode()


def key_fingerprint(public_key: str) -> str:
    """What a person compares aloud: 16 hex digits of the key's SHA-256, in groups of four."""
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        raw = public_key.encode()
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def issue_certificate(
    organization_key: Ed25519PrivateKey,
    *,
    organization_id: str,
    organization_name: str,
    device_id: str,
    public_key: str,
    label: str,
    kind: CertificateKind,
    issued_at_ms: int,
) -> Certificate:
    unsigned = Certificate(
        organization_id=organization_id,
        organization_name=organization_name,
        organization_key=public_key_b64(organization_key),
        device_id=device_id,
        public_key=public_key,
        label=label,
        kind=kind,
        issued_at_ms=issued_at_ms,
        signature="",
    )
    signature = organization_key.sign(
        CERTIFICATE_CONTEXT + canonical_json(unsigned.body()).encode()
    )
    return Certificate(**{**_fields(unsigned), "signature": base64.b64encode(signature).decode()})


def _fields(certificate: Certificate) -> dict[str, Any]:
    return {name: getattr(certificate, name) for name in Certificate.__dataclass_fields__}


def parse_certificate(data: Any) -> Certificate | None:
    """A certificate whose signature matches the organization key it names; None otherwise.

    Whether that organization key is trusted here is a separate question (``trust_anchors``).
    """
    try:
        body, signature = data["body"], str(data["signature"])
        if int(body["v"]) != CERTIFICATE_VERSION:
            return None
        certificate = Certificate(
            organization_id=str(body["organization_id"]),
            organization_name=str(body["organization_name"]),
            organization_key=str(body["organization_key"]),
            device_id=str(body["device_id"]),
            public_key=str(body["public_key"]),
            label=str(body["label"]),
            kind=CertificateKind(str(body["kind"])),
            issued_at_ms=int(body["issued_at_ms"]),
            signature=signature,
        )
        key = public_key_from_b64(certificate.organization_key)
        key.verify(
            base64.b64decode(signature, validate=True),
            CERTIFICATE_CONTEXT + canonical_json(certificate.body()).encode(),
        )
        public_key_from_b64(certificate.public_key)
    except (KeyError, TypeError, ValueError, binascii.Error, InvalidSignature):
        return None
    return certificate


def parse_certificate_text(text: str) -> Certificate | None:
    try:
        return parse_certificate(json.loads(text))
    except ValueError:
        return None


# Storage -----------------------------------------------------------------------------------


def add_trust_anchor(
    conn: Connection, public_key: str, organization_id: str, organization_name: str, now_ms: int
) -> None:
    insert_ignoring_duplicates(
        conn,
        trust_anchors,
        [
            {
                "public_key": public_key,
                "organization_id": organization_id,
                "organization_name": organization_name,
                "added_at_ms": now_ms,
            }
        ],
    )


def anchor_keys(conn: Connection) -> set[str]:
    return set(conn.execute(select(trust_anchors.c.public_key)).scalars())


def store_certificates(conn: Connection, certificates: list[Certificate]) -> list[Certificate]:
    """Keep the certificates signed by a trusted organization key; returns those kept.

    A later certificate for the same device and organization replaces the earlier one (a device
    that re-enrolled with proof of its key gets the same key certified again).
    """
    anchors = anchor_keys(conn)
    kept = [cert for cert in certificates if cert.organization_key in anchors]
    for cert in kept:
        conn.execute(
            device_certificates.delete().where(
                device_certificates.c.organization_key == cert.organization_key,
                device_certificates.c.device_id == cert.device_id,
            )
        )
        conn.execute(
            device_certificates.insert().values(
                organization_key=cert.organization_key,
                device_id=cert.device_id,
                public_key=cert.public_key,
                label=cert.label,
                certificate=cert.text(),
            )
        )
    return kept


def certificates_for(conn: Connection, device_ids: set[str]) -> list[Certificate]:
    """Stored certificates of these devices (to hand on in a package)."""
    if not device_ids:
        return []
    rows = conn.execute(
        select(device_certificates.c.certificate).where(
            device_certificates.c.device_id.in_(sorted(device_ids))
        )
    ).scalars()
    return [cert for text in rows if (cert := parse_certificate_text(text)) is not None]


def trust_device(
    conn: Connection, device_id: str, public_key: str, label: str, source: str, now_ms: int
) -> None:
    """Remember a key the user confirmed for a device (replacing none: the first one stays)."""
    insert_ignoring_duplicates(
        conn,
        trusted_devices,
        [
            {
                "device_id": device_id,
                "public_key": public_key,
                "label": label,
                "source": source,
                "confirmed_at_ms": now_ms,
            }
        ],
    )


class KeyBook:
    """Which key each device id is vouched to hold, on this desk (read once per transaction)."""

    def __init__(self, conn: Connection, own: DeviceIdentity | None = None) -> None:
        self._conn = conn
        self._own = own
        self._anchors = anchor_keys(conn)
        self._cache: dict[str, VouchedKey | None] = {}

    def key_for(self, device_id: str) -> VouchedKey | None:
        if device_id not in self._cache:
            self._cache[device_id] = self._lookup(device_id)
        return self._cache[device_id]

    def certificate_keys(self, device_id: str) -> set[str]:
        """Keys certified for a device by trusted organizations (normally one)."""
        rows = self._conn.execute(
            select(device_certificates.c.organization_key, device_certificates.c.public_key).where(
                device_certificates.c.device_id == device_id
            )
        ).all()
        return {row.public_key for row in rows if row.organization_key in self._anchors}

    def _lookup(self, device_id: str) -> VouchedKey | None:
        if self._own is not None and device_id == self._own.device_id:
            return VouchedKey(self._own.public_key_b64, KeySource.OWN, self._own.label)
        certified = self._conn.execute(
            select(
                device_certificates.c.organization_key,
                device_certificates.c.public_key,
                device_certificates.c.label,
            ).where(device_certificates.c.device_id == device_id)
        ).all()
        for row in certified:
            if row.organization_key in self._anchors:
                return VouchedKey(row.public_key, KeySource.CERTIFICATE, row.label)
        confirmed = self._conn.execute(
            select(trusted_devices.c.public_key, trusted_devices.c.label).where(
                trusted_devices.c.device_id == device_id
            )
        ).one_or_none()
        if confirmed is not None:
            return VouchedKey(confirmed.public_key, KeySource.CONFIRMED, confirmed.label)
        return None

    def forget(self, device_id: str) -> None:
        self._cache.pop(device_id, None)
