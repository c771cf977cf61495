"""Votes are keyed by (id, meeting), like the other rows events create (0020); removal stamped.

A vote id travels in payloads and on printed ballots, so another desk (of another organization,
on the server) can reuse one in its own meeting. Keyed by id alone, that row blocked the owner's
vote for good; keyed by (id, meeting_id) both exist, each in its meeting. Marks, tallies and
sealed boxes are keyed by their event; their indexes now lead with the meeting, which every
lookup names. ``removed_hlc`` stamps a draft's removal or restoration (undo), so the latest in
causal order wins whatever order the events arrive in.

Revision ID: 0090
Revises: 0087
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0090"
down_revision: str | Sequence[str] | None = "0087"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: dict[str, tuple[str, list[str], list[str]]] = {
    "vote_marks": (
        "ix_vote_marks_vote",
        ["vote_id", "participant_id"],
        ["meeting_id", "vote_id", "participant_id"],
    ),
    "vote_tallies": (
        "ix_vote_tallies_vote",
        ["vote_id", "origin", "hlc"],
        ["meeting_id", "vote_id", "origin", "hlc"],
    ),
    "vote_sealed_boxes": ("ix_vote_sealed_boxes_vote", ["vote_id"], ["meeting_id", "vote_id"]),
}


def _set_votes_key(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("votes", recreate="always") as batch_op:
            batch_op.drop_constraint("pk_votes", type_="primary")
            batch_op.create_primary_key("pk_votes", columns)
    else:
        op.drop_constraint("pk_votes", "votes", type_="primary")
        op.create_primary_key("pk_votes", "votes", columns)


def _set_indexes(new: bool) -> None:
    for table, (name, old_columns, new_columns) in INDEXES.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, new_columns if new else old_columns, unique=False)


def upgrade() -> None:
    _set_votes_key(["id", "meeting_id"])
    _set_indexes(new=True)
    with op.batch_alter_table("votes") as batch_op:
        batch_op.add_column(sa.Column("removed_hlc", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("votes") as batch_op:
        batch_op.drop_column("removed_hlc")
    _set_indexes(new=False)
    _set_votes_key(["id"])
