"""Which receipts one pull page reads: a pending backfill first, then the joined meetings' news.

A desk's memberships that came after events of their meeting (``sync.server.members``) each carry
the receive position taken at the join. While one of them is not backfilled, pages serve that
meeting's events received up to its position, from the ``at`` the cursor carries; once it is
exhausted the cursor records it as done. With every backfill done, pages serve the events received
after the cursor's position, of the meetings the desk takes part in, each after its membership's
position (so no event is served by both). Memberships taken after the counter was read wait for
the next pull, as the receipts would.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, exists, select

from sync.membership import PullPosition
from sync.server.auth import AuthenticatedDevice
from sync.server.tables import members, receipts


@dataclass(frozen=True)
class PullScope:
    at: PullPosition
    after: int
    """Receive position after which the page starts."""
    until: int
    """Last receive position the page may hold."""
    condition: ColumnElement[bool]
    """Which receipts in (after, until] belong to the page."""
    backfill: int | None
    """The join position of the membership this page backfills; None for the ordinary pull."""

    def next(self, last_kept: int | None) -> tuple[PullPosition, bool]:
        """The cursor after this page, and whether more is waiting, given its last receipt (None
        when the page reached ``until``)."""
        at = self.at
        if self.backfill is None:
            if last_kept is None:
                return PullPosition(max(self.until, at.position), at.backfilled, 0), False
            return PullPosition(last_kept, at.backfilled, 0), True
        if last_kept is None:  # this backfill is done; the next page goes on with the next one
            return PullPosition(at.position, self.backfill, 0), True
        return PullPosition(at.position, at.backfilled, last_kept), True


def pull_scope(
    conn: Connection, device: AuthenticatedDevice, at: PullPosition, counter: int
) -> PullScope:
    pending = conn.execute(
        select(members.c.meeting_id, members.c.since_seq)
        .where(
            members.c.device_id == device.device_id,
            members.c.since_seq > at.backfilled,
            members.c.since_seq <= counter,
        )
        .order_by(members.c.since_seq)
        .limit(1)
    ).one_or_none()
    if pending is not None:
        return PullScope(
            at,
            after=at.backfill_at,
            until=pending.since_seq,
            condition=receipts.c.meeting_id == pending.meeting_id,
            backfill=pending.since_seq,
        )
    joined = exists().where(
        and_(
            members.c.meeting_id == receipts.c.meeting_id,
            members.c.device_id == device.device_id,
            members.c.since_seq < receipts.c.receive_seq,
            members.c.since_seq <= counter,
        )
    )
    return PullScope(at, after=at.position, until=counter, condition=joined, backfill=None)
