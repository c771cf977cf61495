"""The desk remembers when a sync found it restored from an old backup (shown on the Sync page).

Revision ID: c0030
Revises: c0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0030"
down_revision: str | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_restores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("restored_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("recovered", sa.Integer(), nullable=False),
        sa.Column("renumbered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_restores")),
    )


def downgrade() -> None:
    op.drop_table("sync_restores")
