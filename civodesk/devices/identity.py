"""The device identity: an id and an Ed25519 key pair made on first start.

The key signs badges and meeting packages; its public half is written into every meeting journal
this device touches, so other desks can verify offline what this one issued.
"""

from __future__ import annotations

import base64
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from civodesk.ids import new_id

IDENTITY_FILE = "device.json"


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    label: str
    private_key: Ed25519PrivateKey

    @property
    def public_key_b64(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return base64.b64encode(raw).decode()

    @property
    def key_id(self) -> str:
        """A short, stable name for the public key (first 8 hex chars of the device id's tail)."""
        return self.device_id.replace("-", "")[-8:]

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    @classmethod
    def generate(cls, label: str = "") -> DeviceIdentity:
        return cls(device_id=new_id(), label=label, private_key=Ed25519PrivateKey.generate())


def public_key_from_b64(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(value))


def load_or_create_device(directory: Path, label: str = "") -> DeviceIdentity:
    """Read the identity from ``directory``, creating it (readable by the owner only) if absent."""
    path = directory / IDENTITY_FILE
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        key = serialization.load_pem_private_key(data["private_key_pem"].encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path}: the device key is not an Ed25519 key")
        return DeviceIdentity(
            device_id=data["device_id"], label=data.get("label", ""), private_key=key
        )
    identity = DeviceIdentity.generate(label or socket.gethostname())
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {"device_id": identity.device_id, "label": identity.label, "private_key_pem": pem},
            handle,
        )
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _sync_directory(directory)
    return identity


def _sync_directory(directory: Path) -> None:
    """Make the rename durable, so a power cut cannot lose the identity (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
