"""Initial schema: the journal, meetings, organizations and agenda items.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("winner_event_id", sa.String(length=36), nullable=False),
        sa.Column("loser_event_id", sa.String(length=36), nullable=False),
        sa.Column("winner_value", sa.Text(), nullable=False),
        sa.Column("loser_value", sa.Text(), nullable=False),
        sa.Column("resolved_event_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_conflicts_meeting", ["meeting_id"], unique=False)

    op.create_table(
        "device_keys",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "device_id", name=op.f("pk_device_keys")),
    )
    op.create_table(
        "entity_edits",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("base", sa.String(length=36), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_entity_edits")),
    )
    with op.batch_alter_table("entity_edits", schema=None) as batch_op:
        batch_op.create_index("ix_entity_edits_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("device_time_ms", sa.BigInteger(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("personal", sa.Text(), nullable=True),
        sa.Column("personal_digest", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_events")),
        sa.UniqueConstraint("meeting_id", "device_id", "seq", name="uq_events_stream_seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_hlc", ["hlc"], unique=False)
        batch_op.create_index("ix_events_meeting_hlc", ["meeting_id", "hlc"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.String(length=32), nullable=False),
        sa.Column("ends_at", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("facilitators", sa.Text(), nullable=False),
        sa.Column("quorum_percent", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.BigInteger(), nullable=False),
        sa.Column("updated_hlc", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.String(length=36), nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_meetings_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(length=36), nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index("ix_agenda_items_meeting", ["meeting_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_items_meeting")

    op.drop_table("agenda_items")
    op.drop_table("meetings")
    op.drop_table("organizations")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_meeting_hlc")
        batch_op.drop_index("ix_events_hlc")

    op.drop_table("events")
    with op.batch_alter_table("entity_edits", schema=None) as batch_op:
        batch_op.drop_index("ix_entity_edits_entity")

    op.drop_table("entity_edits")
    op.drop_table("device_keys")
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_conflicts_meeting")

    op.drop_table("conflicts")
