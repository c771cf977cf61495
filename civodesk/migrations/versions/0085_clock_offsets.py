"""Device clocks: journaled offsets (a projection) and this desk's own clock readings.

Revision ID: 0085
Revises: 0080
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0085"
down_revision: str | Sequence[str] | None = "0080"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "clock_observations",
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("rtt_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "meeting_id", "device_id", "seq", name=op.f("pk_clock_observations")
        ),
    )
    op.create_table(
        "clock_readings",
        sa.Column("subject", sa.String(length=36), nullable=False),
        sa.Column("offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("rtt_ms", sa.BigInteger(), nullable=True),
        sa.Column("measured_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_clock_readings")),
    )


def downgrade() -> None:
    op.drop_table("clock_readings")
    op.drop_table("clock_observations")
