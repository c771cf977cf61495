"""Facilitation: idea authors, tags, colours, clusters, merges, supports; the live agenda.

Revision ID: 0060
Revises: 0040
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0060"
down_revision: str | Sequence[str] | None = "0051"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def _meeting() -> sa.Column[str]:
    return sa.Column("meeting_id", ID, nullable=False)


def _meeting_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["meeting_id"], ["meetings.id"], name=op.f(f"fk_{table}_meeting_id_meetings")
    )


def upgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_id", ID, nullable=True))
        batch_op.add_column(sa.Column("author_id", ID, nullable=True))
        batch_op.add_column(sa.Column("tags", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("colour", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("cluster_id", ID, nullable=True))
        batch_op.add_column(
            sa.Column("cluster_position", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("merged_into", ID, nullable=True))
        batch_op.add_column(
            sa.Column("merged_from", sa.Text(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("supports", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ix_ideas_cluster", ["meeting_id", "cluster_id"], unique=False)
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        for column in ("tags", "cluster_position", "merged_from", "withdrawn", "supports"):
            batch_op.alter_column(column, server_default=None)
    op.create_table(
        "idea_clusters",
        sa.Column("id", ID, nullable=False),
        _meeting(),
        sa.Column("agenda_item_id", ID, nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", ID, nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        _meeting_fk("idea_clusters"),
        sa.PrimaryKeyConstraint("id", "meeting_id", name=op.f("pk_idea_clusters")),
    )
    op.create_index(
        "ix_idea_clusters_meeting", "idea_clusters", ["meeting_id", "position"], unique=False
    )
    op.create_table(
        "idea_supports",
        sa.Column("event_id", ID, nullable=False),
        _meeting(),
        sa.Column("idea_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        _meeting_fk("idea_supports"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_idea_supports")),
    )
    op.create_index(
        "ix_idea_supports_idea", "idea_supports", ["meeting_id", "idea_id"], unique=False
    )
    op.create_table(
        "agenda_runs",
        sa.Column("id", ID, nullable=False),
        _meeting(),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("elapsed_ms", sa.BigInteger(), nullable=False),
        sa.Column("running_since_ms", sa.BigInteger(), nullable=True),
        sa.Column("started_ms", sa.BigInteger(), nullable=True),
        sa.Column("finished_ms", sa.BigInteger(), nullable=True),
        sa.Column("overrun_ms", sa.BigInteger(), nullable=True),
        _meeting_fk("agenda_runs"),
        sa.PrimaryKeyConstraint("id", "meeting_id", name=op.f("pk_agenda_runs")),
    )
    op.create_index("ix_agenda_runs_meeting", "agenda_runs", ["meeting_id"], unique=False)
    op.create_table(
        "facilitation_focus",
        _meeting(),
        sa.Column("item_id", ID, nullable=True),
        sa.Column("question_id", ID, nullable=True),
        _meeting_fk("facilitation_focus"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_facilitation_focus")),
    )
    op.create_table(
        "questions",
        sa.Column("id", ID, nullable=False),
        _meeting(),
        sa.Column("agenda_item_id", ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", ID, nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        _meeting_fk("questions"),
        sa.PrimaryKeyConstraint("id", "meeting_id", name=op.f("pk_questions")),
    )
    op.create_index("ix_questions_meeting", "questions", ["meeting_id", "position"], unique=False)
    op.create_table(
        "agenda_notes",
        sa.Column("id", ID, nullable=False),
        _meeting(),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", ID, nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        _meeting_fk("agenda_notes"),
        sa.PrimaryKeyConstraint("id", "meeting_id", name=op.f("pk_agenda_notes")),
    )
    op.create_index("ix_agenda_notes_meeting", "agenda_notes", ["meeting_id"], unique=False)
    op.create_table(
        "decisions",
        sa.Column("id", ID, nullable=False),
        _meeting(),
        sa.Column("agenda_item_id", ID, nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("recorded_hlc", sa.BigInteger(), nullable=False),
        sa.Column("version", ID, nullable=False),
        sa.Column("stamps", sa.Text(), nullable=False),
        _meeting_fk("decisions"),
        sa.PrimaryKeyConstraint("id", "meeting_id", name=op.f("pk_decisions")),
    )
    op.create_index(
        "ix_decisions_meeting", "decisions", ["meeting_id", "recorded_hlc"], unique=False
    )


def downgrade() -> None:
    for table in (
        "decisions",
        "agenda_notes",
        "questions",
        "facilitation_focus",
        "agenda_runs",
        "idea_supports",
        "idea_clusters",
    ):
        op.drop_table(table)
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index("ix_ideas_cluster")
        for column in (
            "supports",
            "withdrawn",
            "merged_from",
            "merged_into",
            "cluster_position",
            "cluster_id",
            "colour",
            "tags",
            "author_id",
            "question_id",
        ):
            batch_op.drop_column(column)
