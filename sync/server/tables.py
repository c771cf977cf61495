"""The server's own tables, beside the core's journal and projection tables.

They carry the ``server_`` prefix and their own metadata and Alembic history (version table
``civodesk_server_alembic_version``), so the core's migrations run unchanged on the same database.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from civodesk.db.schema import HASH, ID, NAMING

metadata = MetaData(naming_convention=NAMING)

organizations = Table(
    "server_organizations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    # The organization's receive counter. Its row lock, held from the counter update to the commit,
    # makes receipts visible in counter order, so a pull cursor never skips an uncommitted receipt.
    Column("last_receive_seq", BigInteger, nullable=False, default=0),
    # The organization's Ed25519 certification key (PKCS#8 PEM), made at its first enrolment.
    Column("signing_key", Text),
)

enroll_codes = Table(
    "server_enroll_codes",
    metadata,
    Column("code_hash", HASH, primary_key=True),
    Column("organization_id", ID, ForeignKey("server_organizations.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("used_at", String(32)),
    Column("used_by_device_id", ID),
)

devices = Table(
    "server_devices",
    metadata,
    Column("device_id", ID, primary_key=True),
    Column("organization_id", ID, ForeignKey("server_organizations.id"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("token_hash", HASH, nullable=False, unique=True),
    Column("enrolled_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
    Column("rate_tokens", Float, nullable=False),
    Column("rate_updated_at", Float, nullable=False),
    # The key the device proved it holds at enrolment (raw Ed25519, base64); certified.
    Column("public_key", String(64)),
)

meetings = Table(
    "server_meetings",
    metadata,
    Column("meeting_id", ID, primary_key=True),
    Column("organization_id", ID, ForeignKey("server_organizations.id"), nullable=False),
    Column("first_device_id", ID, nullable=False),
    Column("received_at", String(32), nullable=False),
    Index("ix_server_meetings_organization", "organization_id"),
)

receipts = Table(
    "server_receipts",
    metadata,
    Column("organization_id", ID, primary_key=True),
    Column("receive_seq", BigInteger, primary_key=True),
    Column("event_id", ID, nullable=False),
    Column("meeting_id", ID, nullable=False),
    Column("author_device_id", ID, nullable=False),
    Column("pusher_device_id", ID, nullable=False),
    UniqueConstraint("event_id", name="uq_server_receipts_event_id"),
    # A joined meeting's backfill reads its receipts up to the join position.
    Index("ix_server_receipts_meeting", "meeting_id", "receive_seq"),
)

members = Table(
    "server_meeting_members",
    metadata,
    Column("meeting_id", ID, primary_key=True),
    Column("device_id", ID, primary_key=True),
    Column("organization_id", ID, ForeignKey("server_organizations.id"), nullable=False),
    # created, imported (relayed its signed streams from a package) or joined (on purpose).
    Column("reason", String(16), nullable=False),
    # The organization's receive position taken at the join: events received up to it reach the
    # device by backfill, later ones by its ordinary pulls. 0 when nothing of the meeting came
    # before (the device's push created it), so no backfill is needed.
    Column("since_seq", BigInteger, nullable=False),
    Column("joined_at", String(32), nullable=False),
    Index("ix_server_meeting_members_device", "device_id", "since_seq"),
)
