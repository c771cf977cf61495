"""Votes projected from the journal: setup, opening, "a voté" marks, tallies, sealed boxes, close.

A person's marks for one vote are replayed in causal order (HLC, device, sequence), as check-ins
are (``civodesk.checkin.presence``): the first counts, any later one, from a desk that accepted the
same voter while offline, is flagged ``duplicate`` on every desk whatever order the events arrived
in, and listed for the facilitator, who decides. The secret ballots themselves never pass through
these handlers until a desk seals its box (``vote.box_sealed``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, bindparam, or_, select, update

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import table_of
from civodesk.journal.event import JournalEvent
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.store import events_table, row_to_event
from civodesk.voting.tables import SealedBox, Vote, VoteMark, VoteTally
from civodesk.voting.vote import VoteStatus

VOTE_CREATED = "vote.created"
VOTE_REMOVED = "vote.removed"
VOTE_RESTORED = "vote.restored"
VOTE_OPENED = "vote.opened"
VOTE_CAST = "vote.voted"
VOTE_TALLIED = "vote.tallied"
VOTE_BOX_SEALED = "vote.box_sealed"
VOTE_CLOSED = "vote.closed"
VOTE_REVEALED = "vote.revealed"
VOTE_DOUBLE_REVIEWED = "vote.double_reviewed"

votes_table = table_of(Vote)
marks_table = table_of(VoteMark)
tallies_table = table_of(VoteTally)
sealed_table = table_of(SealedBox)
registry.own_tables(votes_table, marks_table, tallies_table, sealed_table)


def _in_meeting(event: JournalEvent) -> ColumnElement[bool]:
    return and_(
        votes_table.c.id == event.payload["vote_id"], votes_table.c.meeting_id == event.meeting_id
    )


@registry.on(VOTE_CREATED)
def _vote_created(context: HandlerContext, event: JournalEvent) -> None:
    payload = event.payload
    context.conn.execute(
        votes_table.insert().values(
            id=payload["vote_id"],
            meeting_id=event.meeting_id,
            agenda_item_id=payload.get("agenda_item_id"),
            question=payload["question"],
            method=payload["method"],
            options=json.dumps(payload["options"], ensure_ascii=False),
            rules=None if payload.get("rules") is None else json.dumps(payload["rules"]),
            secret=bool(payload["secret"]),
            projector_live=bool(payload.get("projector_live", False)),
            meeting_quorum=bool(payload.get("meeting_quorum", False)),
            status=VoteStatus.DRAFT.value,
            revealed=False,
            removed=False,
            created_hlc=event.hlc,
        )
    )
    if context.may_be_out_of_order:
        _replay_vote_state(context, event.meeting_id, payload["vote_id"])


STATE_EVENTS = (VOTE_OPENED, VOTE_CLOSED, VOTE_REVEALED, VOTE_REMOVED, VOTE_RESTORED)


def _replay_vote_state(context: HandlerContext, meeting_id: str, vote_id: str) -> None:
    """A vote's opening, close or reveal can reach a desk before its creation (from another
    desk's stream); once the vote exists they are applied again, in causal order, so the row
    does not depend on arrival order."""
    needle = f'%"vote_id":"{vote_id}"%'
    rows = context.conn.execute(
        select(events_table)
        .where(
            events_table.c.meeting_id == meeting_id,
            events_table.c.type.in_(STATE_EVENTS),
            events_table.c.payload.like(needle),
        )
        .order_by(events_table.c.hlc, events_table.c.device_id, events_table.c.seq)
    ).all()
    for row in rows:
        registry.single[row.type](context, row_to_event(row))


@registry.on(VOTE_REMOVED)
def _vote_removed(context: HandlerContext, event: JournalEvent) -> None:
    _set_removed(context, event, True)


@registry.on(VOTE_RESTORED)
def _vote_restored(context: HandlerContext, event: JournalEvent) -> None:
    """Undoing a draft's removal (or its creation, then redoing it)."""
    _set_removed(context, event, False)


def _set_removed(context: HandlerContext, event: JournalEvent, removed: bool) -> None:
    """The latest removal or restoration in causal order wins, on every desk."""
    context.conn.execute(
        update(votes_table)
        .where(
            _in_meeting(event),
            or_(votes_table.c.removed_hlc.is_(None), votes_table.c.removed_hlc < event.hlc),
        )
        .values(removed=removed, removed_hlc=event.hlc)
    )


@registry.on(VOTE_OPENED)
def _vote_opened(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        update(votes_table)
        .where(_in_meeting(event), votes_table.c.status == VoteStatus.DRAFT.value)
        .values(status=VoteStatus.OPEN.value)
    )
    context.conn.execute(
        update(votes_table)
        .where(
            _in_meeting(event),
            or_(votes_table.c.opened_hlc.is_(None), votes_table.c.opened_hlc > event.hlc),
        )
        .values(opened_hlc=event.hlc)
    )


@registry.on(VOTE_CLOSED)
def _vote_closed(context: HandlerContext, event: JournalEvent) -> None:
    """The first close in causal order wins (two desks closing offline give the same row)."""
    row = context.conn.execute(
        select(votes_table.c.closed_hlc).where(_in_meeting(event))
    ).one_or_none()
    if row is None or (row.closed_hlc is not None and row.closed_hlc <= event.hlc):
        return
    context.conn.execute(
        update(votes_table)
        .where(_in_meeting(event))
        .values(
            status=VoteStatus.CLOSED.value,
            closed_hlc=event.hlc,
            snapshot=json.dumps(event.payload["snapshot"], sort_keys=True),
        )
    )


@registry.on(VOTE_REVEALED)
def _vote_revealed(context: HandlerContext, event: JournalEvent) -> None:
    """Showing and hiding the result: the latest in causal order wins, on every desk."""
    context.conn.execute(
        update(votes_table)
        .where(
            _in_meeting(event),
            or_(votes_table.c.revealed_hlc.is_(None), votes_table.c.revealed_hlc < event.hlc),
        )
        .values(revealed=bool(event.payload.get("revealed", True)), revealed_hlc=event.hlc)
    )


@registry.on_batch(VOTE_CAST)
def _votes_cast(context: HandlerContext, events: Sequence[JournalEvent]) -> None:
    """A run of marks: inserted at once, then each person's marks of each vote flagged once."""
    rows = []
    voters: dict[tuple[str, str], dict[str, None]] = {}
    for event in events:
        payload = event.payload
        ballot = payload.get("ballot")
        rows.append(
            {
                "event_id": event.event_id,
                "meeting_id": event.meeting_id,
                "vote_id": payload["vote_id"],
                "participant_id": payload["participant_id"],
                "cast_by": payload.get("cast_by", payload["participant_id"]),
                "origin": payload["origin"],
                "ballot": None if ballot is None else json.dumps(ballot, sort_keys=True),
                "device_id": event.device_id,
                "seq": event.seq,
                "hlc": event.hlc,
                "duplicate": False,
                "reviewed": False,
            }
        )
        voters.setdefault((event.meeting_id, payload["vote_id"]), {})[payload["participant_id"]] = (
            None
        )
    context.conn.execute(marks_table.insert(), rows)
    for (meeting_id, vote_id), participant_ids in voters.items():
        flag_double_votes(context, meeting_id, vote_id, list(participant_ids))


def flag_double_votes(
    context: HandlerContext, meeting_id: str, vote_id: str, participant_ids: Sequence[str]
) -> None:
    """Keep each person's first mark of the vote in causal order and flag every later one (one
    query per 500 people)."""
    for start in range(0, len(participant_ids), 500):
        rows = context.conn.execute(
            select(marks_table.c.event_id, marks_table.c.participant_id, marks_table.c.duplicate)
            .where(
                marks_table.c.meeting_id == meeting_id,
                marks_table.c.vote_id == vote_id,
                marks_table.c.participant_id.in_(participant_ids[start : start + 500]),
            )
            .order_by(marks_table.c.hlc, marks_table.c.device_id, marks_table.c.seq)
        ).all()
        seen: set[str] = set()
        changes = []
        for row in rows:
            flagged = row.participant_id in seen
            seen.add(row.participant_id)
            if row.duplicate != flagged:
                changes.append({"w_event_id": row.event_id, "w_duplicate": flagged})
        if changes:
            context.conn.execute(
                update(marks_table)
                .where(marks_table.c.event_id == bindparam("w_event_id"))
                .values(duplicate=bindparam("w_duplicate")),
                changes,
            )


@registry.on(VOTE_DOUBLE_REVIEWED)
def _double_reviewed(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        update(marks_table)
        .where(
            marks_table.c.event_id == event.payload["mark_event_id"],
            marks_table.c.meeting_id == event.meeting_id,
        )
        .values(reviewed=True)
    )


@registry.on(VOTE_TALLIED)
def _vote_tallied(context: HandlerContext, event: JournalEvent) -> None:
    context.conn.execute(
        tallies_table.insert().values(
            event_id=event.event_id,
            meeting_id=event.meeting_id,
            vote_id=event.payload["vote_id"],
            origin=event.payload["origin"],
            counts=json.dumps(event.payload["counts"], sort_keys=True),
            device_id=event.device_id,
            hlc=event.hlc,
        )
    )


@registry.on(VOTE_BOX_SEALED)
def _box_sealed(context: HandlerContext, event: JournalEvent) -> None:
    insert_ignoring_duplicates(
        context.conn,
        sealed_table,
        [
            {
                "event_id": event.event_id,
                "meeting_id": event.meeting_id,
                "vote_id": event.payload["vote_id"],
                "device_id": event.device_id,
                "ballots": json.dumps(event.payload["ballots"], sort_keys=True),
            }
        ],
    )
