"""Meetings carry their door rules: proxies per holder and the badges' validity margin.

Revision ID: 0080
Revises: 0060
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0080"
down_revision: str | None = "0060"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proxy_limit", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(
            sa.Column("badge_margin_days", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("badge_margin_days")
        batch_op.drop_column("proxy_limit")
