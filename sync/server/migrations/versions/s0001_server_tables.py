"""Server tables: organizations, enroll codes, devices, meeting ownership, receipts.

Revision ID: s0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "server_organizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("last_receive_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_organizations")),
        sa.UniqueConstraint("name", name=op.f("uq_server_organizations_name")),
    )
    op.create_table(
        "server_enroll_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=False),
        sa.Column("used_at", sa.String(length=32), nullable=True),
        sa.Column("used_by_device_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["server_organizations.id"],
            name=op.f("fk_server_enroll_codes_organization_id_server_organizations"),
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_server_enroll_codes")),
    )
    op.create_table(
        "server_devices",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.Column("rate_tokens", sa.Float(), nullable=False),
        sa.Column("rate_updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["server_organizations.id"],
            name=op.f("fk_server_devices_organization_id_server_organizations"),
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_server_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_devices_token_hash")),
    )
    op.create_table(
        "server_meetings",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("first_device_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["server_organizations.id"],
            name=op.f("fk_server_meetings_organization_id_server_organizations"),
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_server_meetings")),
    )
    op.create_index(
        "ix_server_meetings_organization", "server_meetings", ["organization_id"], unique=False
    )
    op.create_table(
        "server_receipts",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("receive_seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("author_device_id", sa.String(length=36), nullable=False),
        sa.Column("pusher_device_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("organization_id", "receive_seq", name=op.f("pk_server_receipts")),
        sa.UniqueConstraint("event_id", name="uq_server_receipts_event_id"),
    )


def downgrade() -> None:
    op.drop_table("server_receipts")
    op.drop_index("ix_server_meetings_organization", table_name="server_meetings")
    op.drop_table("server_meetings")
    op.drop_table("server_devices")
    op.drop_table("server_enroll_codes")
    op.drop_table("server_organizations")
