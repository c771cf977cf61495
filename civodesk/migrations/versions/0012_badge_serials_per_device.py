"""Badge serials are numbered per issuing device: the badges key gains the device id.

Two desks reissuing a badge for the same person offline both picked serial n + 1, and the second
one's events could never be stored anywhere (the key collided). With the device in the key they
never collide.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("badges", recreate="always") as batch:
        batch.drop_constraint("pk_badges", type_="primary")
        batch.create_primary_key(
            "pk_badges", ["meeting_id", "participant_id", "serial", "device_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("badges", recreate="always") as batch:
        batch.drop_constraint("pk_badges", type_="primary")
        batch.create_primary_key("pk_badges", ["meeting_id", "participant_id", "serial"])
