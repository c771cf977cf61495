"""Check-in desk: badges, scans, attendance, proxies, personal-data purges; participant search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_name", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("consent_purpose", sa.String(length=300), nullable=True))
    op.create_table(
        "badges",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("manual_code", sa.String(length=8), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("issued_on", sa.String(length=10), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("issued_hlc", sa.BigInteger(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "participant_id", "serial", name=op.f("pk_badges")),
    )
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.create_index("ix_badges_code", ["meeting_id", "manual_code"], unique=False)
        batch_op.create_index(
            "ix_badges_participant", ["meeting_id", "participant_id"], unique=False
        )
    op.create_table(
        "scans",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("device_time_ms", sa.BigInteger(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_scans")),
    )
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scans_participant", ["meeting_id", "participant_id", "hlc"], unique=False
        )
        batch_op.create_index("ix_scans_meeting", ["meeting_id", "hlc"], unique=False)
    op.create_table(
        "attendance",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("since_event_id", sa.String(length=36), nullable=False),
        sa.Column("since_device_id", sa.String(length=36), nullable=False),
        sa.Column("since_device_time_ms", sa.BigInteger(), nullable=False),
        sa.Column("since_hlc", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_meeting", ["meeting_id", "present"], unique=False)
    op.create_table(
        "proxies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("giver_id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("granted_hlc", sa.BigInteger(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proxies")),
    )
    with op.batch_alter_table("proxies", schema=None) as batch_op:
        batch_op.create_index("ix_proxies_meeting", ["meeting_id"], unique=False)
    op.create_table(
        "personal_data_purges",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_time_ms", sa.BigInteger(), nullable=False),
        sa.Column("participants_erased", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_personal_data_purges")),
    )


def downgrade() -> None:
    op.drop_table("personal_data_purges")
    with op.batch_alter_table("proxies", schema=None) as batch_op:
        batch_op.drop_index("ix_proxies_meeting")
    op.drop_table("proxies")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_meeting")
    op.drop_table("attendance")
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_index("ix_scans_meeting")
        batch_op.drop_index("ix_scans_participant")
    op.drop_table("scans")
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.drop_index("ix_badges_participant")
        batch_op.drop_index("ix_badges_code")
    op.drop_table("badges")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("consent_purpose")
        batch_op.drop_column("search_name")
