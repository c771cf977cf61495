"""The device identity bound to one database: one database, one device id and key.

The identity used to live in the data directory, shared by every database opened there: enrolling
a second database replaced the first one's server token, and their streams shared a device id. It
now lives in the database itself (readable by its owner only, like the rest of the file). A database
written before this change adopts the data directory's identity if its journal holds events of that
device (they were signed by it), and otherwise gets its own.
"""

from __future__ import annotations

import socket
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Boolean, Connection, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.database import Database
from civodesk.db.schema import ID, Base, table_of
from civodesk.devices.identity import IDENTITY_FILE, DeviceIdentity, load_or_create_device
from civodesk.journal.store import events_table

IDENTITY_ROW = 1


class DeviceIdentityRow(Base):
    __tablename__ = "device_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ID)
    label: Mapped[str] = mapped_column(String(200))
    private_key_pem: Mapped[str] = mapped_column(Text)
    name_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    """A person chose ``label`` (or kept the suggestion): the first run no longer asks for it."""


device_identity_table = table_of(DeviceIdentityRow)


def database_device(
    database: Database, legacy_directory: Path | None = None, label: str = ""
) -> DeviceIdentity:
    """This database's device identity, made (or adopted from ``legacy_directory``) on first use."""
    with database.read() as conn:
        found = _stored(conn)
    if found is not None:
        return found
    with database.write() as conn:
        found = _stored(conn)
        if found is not None:
            return found
        identity = _legacy_identity(conn, legacy_directory)
        if identity is None:
            identity = DeviceIdentity.generate(label or socket.gethostname())
        _store(conn, identity)
    return identity


def bind_device(database: Database, identity: DeviceIdentity) -> None:
    """Bind ``identity`` to a database that has none yet (tests and the demo generator)."""
    with database.write() as conn:
        if _stored(conn) is None:
            _store(conn, identity)


def _stored(conn: Connection) -> DeviceIdentity | None:
    row = conn.execute(
        select(device_identity_table).where(device_identity_table.c.id == IDENTITY_ROW)
    ).one_or_none()
    if row is None:
        return None
    key = serialization.load_pem_private_key(row.private_key_pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the device key stored in this database is not an Ed25519 key")
    return DeviceIdentity(device_id=row.device_id, label=row.label, private_key=key)


def _store(conn: Connection, identity: DeviceIdentity) -> None:
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    conn.execute(
        device_identity_table.insert().values(
            id=IDENTITY_ROW,
            device_id=identity.device_id,
            label=identity.label,
            private_key_pem=pem,
        )
    )


def _legacy_identity(conn: Connection, directory: Path | None) -> DeviceIdentity | None:
    """The data directory's identity, when this database's journal holds events it wrote."""
    if directory is None or not (directory / IDENTITY_FILE).exists():
        return None
    legacy = load_or_create_device(directory)
    wrote = conn.execute(
        select(events_table.c.event_id).where(events_table.c.device_id == legacy.device_id).limit(1)
    ).first()
    return legacy if wrote is not None else None
