"""The agenda timer's actions, kept so that its runs are recomputed in one causal order.

Runs used to be updated action by action in the order actions were projected, so a rebuild (in
clock order) and a desk (in arrival order) could disagree when clocks did
(``civodesk.facilitation.timer_runs``). The table is filled from the journal's timer events, each
at its device time corrected by the offset its stream had journaled before it, as the handler
does.

Revision ID: 0096
Revises: 0095
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0096"
down_revision: str | None = "0095"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)
TIMER_EVENT_TYPES = (
    "'agenda_item.started'",
    "'agenda_item.paused'",
    "'agenda_item.finished'",
    "'agenda_item.runs_restored'",
)


def upgrade() -> None:
    op.create_table(
        "agenda_timer_actions",
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_timer_actions_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("meeting_id", "event_id", name=op.f("pk_agenda_timer_actions")),
    )
    corrected = (
        "e.device_time_ms + COALESCE((SELECT o.offset_ms FROM clock_observations o"
        " WHERE o.meeting_id = e.meeting_id AND o.device_id = e.device_id AND o.seq < e.seq"
        " ORDER BY o.seq DESC LIMIT 1), 0)"
    )
    op.execute(
        "INSERT INTO agenda_timer_actions"
        " (meeting_id, event_id, device_id, seq, at_ms, hlc, type, payload)"
        " SELECT e.meeting_id, e.event_id, e.device_id, e.seq,"
        f" CASE WHEN {corrected} < 0 THEN 0 ELSE {corrected} END,"
        " e.hlc, e.type, e.payload FROM events e"
        f" WHERE e.type IN ({', '.join(TIMER_EVENT_TYPES)})"
        " AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = e.meeting_id)"
    )


def downgrade() -> None:
    op.drop_table("agenda_timer_actions")
