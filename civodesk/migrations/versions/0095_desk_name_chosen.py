"""Whether a person chose this desk's name (asked once at first run, ``devices.naming``).

A database that already journaled a rename of its own desk was named by a person; any other one
keeps its name and is asked once, with that name as the suggestion when it is not the host name.

Revision ID: 0095
Revises: 0093
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0095"
down_revision: str | None = "0093"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("device_identity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE device_identity SET name_chosen = EXISTS (SELECT 1 FROM events"
        " WHERE events.device_id = device_identity.device_id AND events.type = 'device.renamed')"
    )


def downgrade() -> None:
    with op.batch_alter_table("device_identity", schema=None) as batch_op:
        batch_op.drop_column("name_chosen")
