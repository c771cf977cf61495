"""Votes: votes, "a voté" marks, tallies, sealed ballot boxes, and the open ballot box.

The open ballot box has no rowid (``WITHOUT ROWID``): its rows are stored in the order of their
random keys, so nothing in the file says in which order ballots were cast.

Revision ID: 0050
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0050"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("id", ID, nullable=False),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("agenda_item_id", ID, nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=True),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("projector_live", sa.Boolean(), nullable=False),
        sa.Column("meeting_quorum", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.BigInteger(), nullable=False),
        sa.Column("opened_hlc", sa.BigInteger(), nullable=True),
        sa.Column("closed_hlc", sa.BigInteger(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index("ix_votes_meeting", ["meeting_id", "created_hlc"], unique=False)
    op.create_table(
        "vote_marks",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("vote_id", ID, nullable=False),
        sa.Column("participant_id", ID, nullable=False),
        sa.Column("cast_by", ID, nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("ballot", sa.Text(), nullable=True),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_vote_marks")),
    )
    with op.batch_alter_table("vote_marks", schema=None) as batch_op:
        batch_op.create_index("ix_vote_marks_vote", ["vote_id", "participant_id"], unique=False)
    op.create_table(
        "vote_tallies",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("vote_id", ID, nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_vote_tallies")),
    )
    with op.batch_alter_table("vote_tallies", schema=None) as batch_op:
        batch_op.create_index("ix_vote_tallies_vote", ["vote_id", "origin", "hlc"], unique=False)
    op.create_table(
        "vote_sealed_boxes",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("vote_id", ID, nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("ballots", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_vote_sealed_boxes")),
    )
    with op.batch_alter_table("vote_sealed_boxes", schema=None) as batch_op:
        batch_op.create_index("ix_vote_sealed_boxes_vote", ["vote_id"], unique=False)
    op.create_table(
        "ballot_box",
        sa.Column("box_key", sa.String(length=32), nullable=False),
        sa.Column("vote_id", ID, nullable=False),
        sa.Column("ballot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("box_key", name=op.f("pk_ballot_box")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("ballot_box")
    op.drop_table("vote_sealed_boxes")
    op.drop_table("vote_tallies")
    op.drop_table("vote_marks")
    op.drop_table("votes")
