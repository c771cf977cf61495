"""The server's side of the signed record: organization keys, certificates, stream authorization.

Each organization has an Ed25519 certification key, made at its first enrolment and kept in its row.
Enrolment certifies the key the desk proved it holds; a desk relaying a stream of a device that never
enrolled (from a package its user trusted) gets that device's announced key certified as *vouched*.
A pushed stream is taken only up to a head signed by the key certified for its device in the
pusher's organization, so no desk can write under another device's id.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select, update

from civodesk.devices.handlers import device_keys
from civodesk.devices.identity import public_key_from_b64
from civodesk.journal.certificates import (
    Certificate,
    CertificateKind,
    KeySource,
    VouchedKey,
    add_trust_anchor,
    issue_certificate,
    parse_certificate_text,
    public_key_b64,
    store_certificates,
)
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead
from civodesk.journal.store import DEVICE_JOINED
from civodesk.journal.stream_trust import group_streams, verified_heads, verify_stream
from civodesk.journal.trust_tables import device_certificates
from sync.protocol import EnrollRequest, enroll_proof_message
from sync.server.tables import devices, organizations


def proof_is_valid(request: EnrollRequest, code: str) -> bool:
    """Whether the request is signed by the key it presents (the desk holds that private key)."""
    try:
        key = public_key_from_b64(request.public_key)
        key.verify(
            base64.b64decode(request.proof, validate=True),
            enroll_proof_message(code, request.device_id, request.public_key, request.label),
        )
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def organization_key(conn: Connection, organization_id: str) -> Ed25519PrivateKey:
    """The organization's certification key, made on first use (the caller holds a write lock)."""
    pem = conn.execute(
        select(organizations.c.signing_key).where(organizations.c.id == organization_id)
    ).scalar()
    if pem:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    conn.execute(
        update(organizations).where(organizations.c.id == organization_id).values(signing_key=pem)
    )
    return key


def certify(
    conn: Connection,
    *,
    organization_id: str,
    organization_name: str,
    device_id: str,
    public_key: str,
    label: str,
    kind: CertificateKind,
    now_ms: int,
) -> Certificate:
    """Issue and keep the organization's certificate for a device key."""
    key = organization_key(conn, organization_id)
    add_trust_anchor(conn, public_key_b64(key), organization_id, organization_name, now_ms)
    certificate = issue_certificate(
        key,
        organization_id=organization_id,
        organization_name=organization_name,
        device_id=device_id,
        public_key=public_key,
        label=label,
        kind=kind,
        issued_at_ms=now_ms,
    )
    store_certificates(conn, [certificate])
    return certificate


def certified_key(conn: Connection, organization_id: str, device_id: str) -> str | None:
    """The key the organization certified for ``device_id`` (enrolled or vouched), if any."""
    pem_key = conn.execute(
        select(organizations.c.signing_key).where(organizations.c.id == organization_id)
    ).scalar()
    if not pem_key:
        return None
    org_key = public_key_b64(organization_key(conn, organization_id))
    return conn.execute(
        select(device_certificates.c.public_key).where(
            device_certificates.c.organization_key == org_key,
            device_certificates.c.device_id == device_id,
        )
    ).scalar()


def certificates_of(
    conn: Connection, organization_id: str, device_ids: Iterable[str]
) -> list[Certificate]:
    """The organization's certificates of these devices (sent with a pull page)."""
    wanted = sorted(set(device_ids))
    pem_key = conn.execute(
        select(organizations.c.signing_key).where(organizations.c.id == organization_id)
    ).scalar()
    if not wanted or not pem_key:
        return []
    org_key = public_key_b64(organization_key(conn, organization_id))
    rows = conn.execute(
        select(device_certificates.c.certificate).where(
            device_certificates.c.organization_key == org_key,
            device_certificates.c.device_id.in_(wanted),
        )
    ).scalars()
    return [cert for text in rows if (cert := parse_certificate_text(text)) is not None]


@dataclass(frozen=True)
class StreamRefusal:
    event_ids: list[str]
    foreign: bool
    reason: str


@dataclass(frozen=True)
class Authorized:
    events: list[JournalEvent]
    """Events vouched for by their origin's signature, in batch order."""
    heads: list[SignedHead]
    """The signed head closing each authorized stream part (to keep and hand on)."""
    refused: list[StreamRefusal]
    vouch: list[tuple[str, str, str]]
    """(device id, announced key, label) of never-enrolled devices to certify once accepted."""


def authorize_streams(
    conn: Connection,
    organization_id: str,
    events: Sequence[JournalEvent],
    heads: Sequence[SignedHead],
) -> Authorized:
    """Keep each stream up to its last head signed by the key certified for its device."""
    allowed: set[str] = set()
    kept_heads: list[SignedHead] = []
    refused: list[StreamRefusal] = []
    vouch: list[tuple[str, str, str]] = []
    owners = _owners(conn, {event.device_id for event in events})
    for (meeting_id, device_id), stream in group_streams(events).items():
        owner = owners.get(device_id)
        if owner is not None and owner != organization_id:
            refused.append(
                StreamRefusal(
                    [e.event_id for e in stream],
                    True,
                    "this stream belongs to a device of another organization",
                )
            )
            continue
        key = certified_key(conn, organization_id, device_id)
        announced: tuple[str, str] | None = None
        if key is None and owner is None:
            announced = _announced_key(conn, meeting_id, stream)
            key = announced[0] if announced else None
        vouched = VouchedKey(key, KeySource.CERTIFICATE, "") if key else None
        verdict = verify_stream(stream, heads, vouched)
        if verdict.verified_seq == 0:
            refused.append(
                StreamRefusal(
                    [e.event_id for e in stream],
                    False,
                    f"stream of device {device_id} is not signed by the key certified for it "
                    f"({verdict.problem})",
                )
            )
            continue
        taken = [e for e in stream if e.seq <= verdict.verified_seq]
        allowed.update(e.event_id for e in taken)
        kept_heads += verified_heads(stream, heads, vouched, verdict.verified_seq)
        rest = [e.event_id for e in stream if e.seq > verdict.verified_seq]
        if rest:
            refused.append(
                StreamRefusal(rest, False, "these events come after the last signed head")
            )
        if announced is not None:
            vouch.append((device_id, announced[0], announced[1]))
    return Authorized([e for e in events if e.event_id in allowed], kept_heads, refused, vouch)


def _owners(conn: Connection, device_ids: set[str]) -> dict[str, str]:
    """Organization of each enrolled, not revoked device among ``device_ids``."""
    if not device_ids:
        return {}
    rows = conn.execute(
        select(devices.c.device_id, devices.c.organization_id).where(
            devices.c.device_id.in_(sorted(device_ids)), devices.c.revoked_at.is_(None)
        )
    )
    return {row.device_id: row.organization_id for row in rows}


def _announced_key(
    conn: Connection, meeting_id: str, stream: Sequence[JournalEvent]
) -> tuple[str, str] | None:
    """The key (and label) a never-enrolled device's stream announces in its ``device.joined``."""
    first = stream[0]
    if first.seq == 1 and first.type == DEVICE_JOINED:
        key = first.payload.get("public_key")
        if isinstance(key, str):
            return key, str(first.payload.get("label", ""))
        return None
    row = conn.execute(
        select(device_keys.c.public_key, device_keys.c.label).where(
            device_keys.c.meeting_id == meeting_id, device_keys.c.device_id == first.device_id
        )
    ).one_or_none()
    return (row.public_key, row.label) if row is not None else None
