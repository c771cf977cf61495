"""The sync client adopts its tables: enrollment, acknowledgements, pull cursor, rejections, history.

Databases made before the client had its own history got these tables from the core's revision
0004 (frozen history: it stays). This revision creates whichever of them is missing, with the
same columns, and otherwise only records that the client now owns them; later changes to the
client's tables are revisions here, never in the core.

Revision ID: c0001
Revises:
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("sync_enrollment"):
        op.create_table(
            "sync_enrollment",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("server_url", sa.String(length=500), nullable=False),
            sa.Column("device_token", sa.Text(), nullable=False),
            sa.Column("organization", sa.String(length=200), nullable=False),
            sa.Column("enrolled_at_ms", sa.BigInteger(), nullable=False),
            sa.Column("blocked_reason", sa.Text(), nullable=True),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_enrollment")),
        )
    if _missing("sync_acks"):
        op.create_table(
            "sync_acks",
            sa.Column("meeting_id", sa.String(length=36), nullable=False),
            sa.Column("device_id", sa.String(length=36), nullable=False),
            sa.Column("acked_seq", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("meeting_id", "device_id", name=op.f("pk_sync_acks")),
        )
    if _missing("sync_cursors"):
        op.create_table(
            "sync_cursors",
            sa.Column("scope", sa.String(length=100), nullable=False),
            sa.Column("cursor", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_cursors")),
        )
    if _missing("sync_rejections"):
        op.create_table(
            "sync_rejections",
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("meeting_id", sa.String(length=36), nullable=False),
            sa.Column("device_id", sa.String(length=36), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("event_type", sa.String(length=64), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("rejected_at_ms", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("event_id", name=op.f("pk_sync_rejections")),
        )
        with op.batch_alter_table("sync_rejections", schema=None) as batch_op:
            batch_op.create_index(
                "ix_sync_rejections_stream", ["meeting_id", "device_id", "seq"], unique=False
            )
    if _missing("sync_history"):
        op.create_table(
            "sync_history",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("started_at_ms", sa.BigInteger(), nullable=False),
            sa.Column("finished_at_ms", sa.BigInteger(), nullable=False),
            sa.Column("outcome", sa.String(length=32), nullable=False),
            sa.Column("reachable", sa.Boolean(), nullable=False),
            sa.Column("pushed", sa.Integer(), nullable=False),
            sa.Column("accepted", sa.Integer(), nullable=False),
            sa.Column("duplicates", sa.Integer(), nullable=False),
            sa.Column("rejected", sa.Integer(), nullable=False),
            sa.Column("pulled", sa.Integer(), nullable=False),
            sa.Column("bytes_sent", sa.BigInteger(), nullable=False),
            sa.Column("bytes_received", sa.BigInteger(), nullable=False),
            sa.Column("message", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_history")),
        )
        with op.batch_alter_table("sync_history", schema=None) as batch_op:
            batch_op.create_index("ix_sync_history_started", ["started_at_ms"], unique=False)


def downgrade() -> None:
    """The tables stay: the core's revision 0004 made them on most databases."""
