"""Events from elsewhere whose projection waits for what they refer to (civodesk.journal.deferred).

Revision ID: 0087
Revises: 0085
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0087"
down_revision: str | None = "0085"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deferred_events",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_deferred_events")),
    )
    with op.batch_alter_table("deferred_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deferred_events_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("deferred_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deferred_events_meeting_id"))
    op.drop_table("deferred_events")
