"""One device identity per database: the device id and key move into the database itself.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("private_key_pem", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_identity")),
    )


def downgrade() -> None:
    op.drop_table("device_identity")
