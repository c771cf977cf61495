"""Participants (the registration list) and ideas.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=True),
        sa.Column("last_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("commune", sa.String(length=200), nullable=True),
        sa.Column("neighbourhood", sa.String(length=200), nullable=True),
        sa.Column("age_bracket", sa.String(length=40), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("registered_hlc", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.String(length=36), nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_participants_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_participants_meeting_name", ["meeting_id", "last_name"], unique=False
        )
    op.create_table(
        "ideas",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("captured_hlc", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.String(length=36), nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_ideas_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
    )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.create_index("ix_ideas_meeting", ["meeting_id", "captured_hlc"], unique=False)


def downgrade() -> None:
    op.drop_table("ideas")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index("ix_participants_meeting_name")

    op.drop_table("participants")
