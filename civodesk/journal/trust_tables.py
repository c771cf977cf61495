"""Tables of the signed record: stream head signatures, organization keys, device certificates.

None of them is a projection: a rebuild never empties them. Signatures and certificates arrive with
the events (a pull, a package) and are kept so the desk can show, and hand on, the proof that each
stream comes from the device it names. The same tables exist on the central server.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civodesk.db.schema import HASH, ID, Base, table_of


class StreamSignature(Base):
    """A device's Ed25519 signature over one head (sequence, hash) of its stream in a meeting.

    The hash chain makes a signed head vouch for every earlier event of the stream.
    """

    __tablename__ = "stream_signatures"

    meeting_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(HASH)
    signature: Mapped[str] = mapped_column(String(88))


class TrustAnchor(Base):
    """An organization's public key, received at enrolment: it vouches for device keys."""

    __tablename__ = "trust_anchors"

    public_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ID)
    organization_name: Mapped[str] = mapped_column(String(200))
    added_at_ms: Mapped[int] = mapped_column(BigInteger)


class DeviceCertificate(Base):
    """An organization's signed statement that ``public_key`` is the key of ``device_id``."""

    __tablename__ = "device_certificates"

    organization_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    certificate: Mapped[str] = mapped_column(Text)


class TrustedDevice(Base):
    """A device key the user confirmed by hand (a package from a desk no organization vouches for)."""

    __tablename__ = "trusted_devices"

    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(32))
    confirmed_at_ms: Mapped[int] = mapped_column(BigInteger)


stream_signatures = table_of(StreamSignature)
trust_anchors = table_of(TrustAnchor)
device_certificates = table_of(DeviceCertificate)
trusted_devices = table_of(TrustedDevice)
