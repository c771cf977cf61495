"""Merge the check-in (0003) and desk sync state (0004) branches into one head.

Both were written in parallel from 0002; with one head again, ``alembic upgrade head`` works and
the next migration has a single parent.

Revision ID: 0005
Revises: 0003, 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | Sequence[str] | None = ("0003", "0004")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the two branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
