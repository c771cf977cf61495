"""Meetings record their president and secrétaire(s) de séance (for the procès-verbal).

Revision ID: 0070
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0070"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("president", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("secretaries", sa.Text(), server_default="[]", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("secretaries")
        batch_op.drop_column("president")
