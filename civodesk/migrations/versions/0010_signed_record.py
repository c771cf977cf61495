"""The signed record: stream head signatures, organization keys, device certificates, trusted keys.

Keys this desk already held before signatures existed (from ``device.joined`` events) are kept as
confirmed, so badges printed before the upgrade still check; a device id seen with two different
keys is left out (one of them was forged).

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stream_signatures",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=88), nullable=False),
        sa.PrimaryKeyConstraint(
            "meeting_id", "device_id", "seq", name=op.f("pk_stream_signatures")
        ),
    )
    op.create_table(
        "trust_anchors",
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("organization_name", sa.String(length=200), nullable=False),
        sa.Column("added_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("public_key", name=op.f("pk_trust_anchors")),
    )
    op.create_table(
        "device_certificates",
        sa.Column("organization_key", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "organization_key", "device_id", name=op.f("pk_device_certificates")
        ),
    )
    op.create_table(
        "trusted_devices",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("confirmed_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_trusted_devices")),
    )
    op.execute(
        "INSERT INTO trusted_devices (device_id, public_key, label, source, confirmed_at_ms) "
        "SELECT device_id, MIN(public_key), MIN(label), 'before-signatures', 0 FROM device_keys "
        "GROUP BY device_id HAVING COUNT(DISTINCT public_key) = 1"
    )


def downgrade() -> None:
    op.drop_table("trusted_devices")
    op.drop_table("device_certificates")
    op.drop_table("trust_anchors")
    op.drop_table("stream_signatures")
