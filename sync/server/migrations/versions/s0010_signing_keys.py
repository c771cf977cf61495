"""Signed record: each organization's certification key, each device's certified public key.

Both columns are empty on existing rows: an organization gets its key at the next enrolment, and a
device enrolled before signatures must enrol again (with a new code) to push under protocol 2.

Revision ID: s0010
Revises: s0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0010"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("server_organizations") as batch:
        batch.add_column(sa.Column("signing_key", sa.Text(), nullable=True))
    with op.batch_alter_table("server_devices") as batch:
        batch.add_column(sa.Column("public_key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("server_devices") as batch:
        batch.drop_column("public_key")
    with op.batch_alter_table("server_organizations") as batch:
        batch.drop_column("signing_key")
