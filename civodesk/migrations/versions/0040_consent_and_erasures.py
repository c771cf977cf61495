"""Consent as a recorded yes/no beside its purpose; the record of each person's erasure.

Existing registrations consented when they carry a purpose (the only way consent was recorded).

Revision ID: 0040
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | Sequence[str] | None = "0050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE participants SET consent = (consent_purpose IS NOT NULL AND consent_purpose <> '')"
    )
    op.create_table(
        "participant_erasures",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_time_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "meeting_id", "participant_id", name=op.f("pk_participant_erasures")
        ),
    )


def downgrade() -> None:
    op.drop_table("participant_erasures")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("consent")
