"""The live agenda's actions, kept so that its runs and focus are recomputed in one causal order.

Runs and the focus used to be updated action by action in the order actions were projected, so a
rebuild (in clock order) and a desk (in arrival order) could disagree when clocks did
(``civodesk.facilitation.timer_runs``). The table is filled from the journal's timer and focus
events, each at its device time corrected by the offset its stream had journaled before it, as
the handler does (rank 0 for events from before ranks). The runs and the focus are then
recomputed from them, so the tables equal a rebuild from the start: for such actions that is
clock order, what a rebuild gave before; only a meeting timed by desks more than 5 minutes apart
can see a run change, once.

Revision ID: 0096
Revises: 0095
Create Date: 2026-12-01
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The replay is pure and versioned with the events it reads, so the runs are what a rebuild gives;
# the tables are named here as they are at this revision, not through today's models.
from civodesk.facilitation.timer_runs import TimerAction, causal_order, replay_focus, replay_runs

revision: str = "0096"
down_revision: str | None = "0095"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)
ACTIONS = sa.table(
    "agenda_actions",
    *map(sa.column, ("meeting_id", "event_id", "rank", "at_ms", "hlc", "type", "payload")),
)
RUN_FIELDS = ("state", "elapsed_ms", "running_since_ms", "started_ms", "finished_ms", "overrun_ms")
RUNS = sa.table("agenda_runs", *map(sa.column, ("id", "meeting_id", *RUN_FIELDS)))
FOCUS = sa.table("facilitation_focus", *map(sa.column, ("meeting_id", "item_id", "question_id")))
AGENDA_ACTION_TYPES = (
    "'agenda_item.started'",
    "'agenda_item.paused'",
    "'agenda_item.finished'",
    "'agenda_item.runs_restored'",
    "'facilitation.focus_set'",
)


def upgrade() -> None:
    op.create_table(
        "agenda_actions",
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("rank", sa.BigInteger(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_actions_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("meeting_id", "event_id", name=op.f("pk_agenda_actions")),
    )
    corrected = (
        "e.device_time_ms + COALESCE((SELECT o.offset_ms FROM clock_observations o"
        " WHERE o.meeting_id = e.meeting_id AND o.device_id = e.device_id AND o.seq < e.seq"
        " ORDER BY o.seq DESC LIMIT 1), 0)"
    )
    rows = op.get_bind().execute(
        sa.text(
            "SELECT e.meeting_id, e.event_id,"
            f" CASE WHEN {corrected} < 0 THEN 0 ELSE {corrected} END AS at_ms,"
            " e.hlc, e.type, e.payload FROM events e"
            f" WHERE e.type IN ({', '.join(AGENDA_ACTION_TYPES)})"
            " AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = e.meeting_id)"
        )
    )
    stored = [
        {
            "meeting_id": row.meeting_id,
            "event_id": row.event_id,
            "rank": int(json.loads(row.payload).get("rank", 0)),
            "at_ms": row.at_ms,
            "hlc": row.hlc,
            "type": row.type,
            "payload": row.payload,  # the journal's canonical JSON, as the handler stores it
        }
        for row in rows
    ]
    conn = op.get_bind()
    if stored:
        conn.execute(ACTIONS.insert(), stored)
    actions: dict[str, list[TimerAction]] = {}
    for action in stored:
        actions.setdefault(action["meeting_id"], []).append(
            TimerAction(
                action["event_id"],
                action["rank"],
                action["at_ms"],
                action["hlc"],
                action["type"],
                json.loads(action["payload"]),
            )
        )
    for meeting_id, meeting_actions in sorted(actions.items()):
        ordered = causal_order(meeting_actions)
        focus = replay_focus(ordered)
        conn.execute(FOCUS.delete().where(FOCUS.c.meeting_id == meeting_id))
        if focus is not None:
            conn.execute(
                FOCUS.insert().values(
                    meeting_id=meeting_id, item_id=focus.item_id, question_id=focus.question_id
                )
            )
        runs = replay_runs(ordered)
        conn.execute(RUNS.delete().where(RUNS.c.meeting_id == meeting_id))
        computed = [
            {"id": item, "meeting_id": meeting_id, **run} for item, run in sorted(runs.items())
        ]
        if computed:
            conn.execute(RUNS.insert(), computed)


def downgrade() -> None:
    op.drop_table("agenda_actions")
