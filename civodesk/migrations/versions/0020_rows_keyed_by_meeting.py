"""Rows that events create are keyed by (id, meeting): an id never collides across meetings.

Participant, idea, agenda item and proxy ids travel in payloads and badge QR codes, so another
desk (of another organization, on the server) can reuse one in its own meeting. Keyed by id
alone, that row blocked the owner's registration for good; keyed by (id, meeting_id) both exist,
each in its meeting, and every lookup already names the meeting.

Revision ID: 0020
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS: dict[str, tuple[str, ...]] = {
    "participants": ("id", "meeting_id"),
    "ideas": ("id", "meeting_id"),
    "agenda_items": ("id", "meeting_id"),
    "proxies": ("id", "meeting_id"),
    "attendance": ("participant_id", "meeting_id"),
}


def _set_primary_keys(keys: dict[str, tuple[str, ...]]) -> None:
    for table, columns in keys.items():
        name = f"pk_{table}"
        if op.get_bind().dialect.name == "sqlite":
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.drop_constraint(name, type_="primary")
                batch_op.create_primary_key(name, list(columns))
        else:
            op.drop_constraint(name, table, type_="primary")
            op.create_primary_key(name, table, list(columns))


def upgrade() -> None:
    _set_primary_keys(KEYS)


def downgrade() -> None:
    _set_primary_keys({table: columns[:1] for table, columns in KEYS.items()})
