"""Which meetings each device takes part in: created, imported from a package, or joined.

Existing devices take part in the meetings they already wrote into (as author or as pusher, from
the receipts): they keep receiving those, and need no backfill since they pulled everything until
now. Meetings a device only pulled must be joined (``civodesk join``) to keep receiving them.

Revision ID: s0020
Revises: s0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "s0020"
down_revision: str | None = "s0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "server_meeting_members",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("since_seq", sa.BigInteger(), nullable=False),
        sa.Column("joined_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["server_organizations.id"],
            name=op.f("fk_server_meeting_members_organization_id_server_organizations"),
        ),
        sa.PrimaryKeyConstraint("meeting_id", "device_id", name=op.f("pk_server_meeting_members")),
    )
    op.create_index(
        "ix_server_meeting_members_device",
        "server_meeting_members",
        ["device_id", "since_seq"],
        unique=False,
    )
    op.create_index(
        "ix_server_receipts_meeting", "server_receipts", ["meeting_id", "receive_seq"], unique=False
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    op.execute(
        sa.text(
            "INSERT INTO server_meeting_members "
            "(meeting_id, device_id, organization_id, reason, since_seq, joined_at) "
            "SELECT w.meeting_id, w.device_id, w.organization_id, "
            "CASE WHEN m.first_device_id = w.device_id THEN 'created' ELSE 'imported' END, "
            "0, :now FROM ("
            "SELECT DISTINCT meeting_id, author_device_id AS device_id, organization_id "
            "FROM server_receipts UNION "
            "SELECT DISTINCT meeting_id, pusher_device_id, organization_id FROM server_receipts"
            ") AS w JOIN server_meetings AS m ON m.meeting_id = w.meeting_id"
        ).bindparams(now=now)
    )


def downgrade() -> None:
    op.drop_index("ix_server_receipts_meeting", table_name="server_receipts")
    op.drop_index("ix_server_meeting_members_device", table_name="server_meeting_members")
    op.drop_table("server_meeting_members")
