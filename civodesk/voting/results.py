"""A vote's result, counted with ``civodesk.voting.count`` from what the tables hold.

Works on any connection (the desk's SQLite, the server's PostgreSQL): the server gets a vote's
result by calling ``vote_outcome`` on its own tables, with the same counting code, no SQL count.
Counted: the sealed boxes of every desk, the public ballots of the "a voté" marks (the first mark
of a person; a later one from another desk is flagged, not counted twice), the latest tally of
each origin, and, while the vote is open, this desk's open box (the live count).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Connection, and_, func, select

from civodesk.checkin.desk import join_name
from civodesk.i18n import _
from civodesk.participants.handlers import participants_table as participants
from civodesk.voting import ballot_box
from civodesk.voting.attendance_link import attendance_snapshot
from civodesk.voting.ballots import SPOILED, Ballot, mark_of
from civodesk.voting.counting import ballot_from, count, rules_from
from civodesk.voting.handlers import marks_table, sealed_table, tallies_table, votes_table
from civodesk.voting.majority_judgment import GRADES
from civodesk.voting.result import VoteResult
from civodesk.voting.rules import Rules, YesNoRules
from civodesk.voting.tally import Tally
from civodesk.voting.vote import (
    AttendanceSnapshot,
    DoubleVote,
    NamedVote,
    Origin,
    VoteOption,
    VoteOutcome,
    VoteStatus,
    VoteView,
)


def vote_view(row: Any, voters: int) -> VoteView:
    return VoteView(
        id=row.id,
        meeting_id=row.meeting_id,
        agenda_item_id=row.agenda_item_id,
        question=row.question,
        method=row.method,
        options=tuple(VoteOption(o["id"], o["label"]) for o in json.loads(row.options)),
        rules=None if row.rules is None else json.loads(row.rules),
        secret=bool(row.secret),
        projector_live=bool(row.projector_live),
        meeting_quorum=bool(row.meeting_quorum),
        status=VoteStatus(row.status),
        revealed=bool(row.revealed),
        voters=voters,
        snapshot=None
        if row.snapshot is None
        else AttendanceSnapshot.from_dict(json.loads(row.snapshot)),
    )


def vote_row(conn: Connection, meeting_id: str, vote_id: str) -> Any:
    row = conn.execute(
        select(votes_table).where(
            votes_table.c.id == vote_id,
            votes_table.c.meeting_id == meeting_id,
            votes_table.c.removed.is_(False),
        )
    ).one_or_none()
    if row is None:
        raise LookupError(vote_id)
    return row


def mark_count(conn: Connection, meeting_id: str, vote_id: str) -> int:
    return int(
        conn.execute(
            select(func.count()).where(
                marks_table.c.meeting_id == meeting_id,
                marks_table.c.vote_id == vote_id,
                marks_table.c.duplicate.is_(False),
            )
        ).scalar_one()
    )


def ballot_rules(vote: VoteView) -> Rules | None:
    """The rules a ballot is checked against (presence figures do not matter for a ballot)."""
    if vote.method == "yes_no_abstain":
        return None
    return rules_from(vote.method, dict(vote.rules) if vote.rules else None)


def counted_rules(vote: VoteView, snapshot: AttendanceSnapshot) -> Rules | None:
    """The vote's rules with the presence figures filled in (yes/no bases and quorum)."""
    if vote.method != "yes_no_abstain":
        return ballot_rules(vote)
    data = dict(vote.rules or {})
    data["present"] = snapshot.voters
    data["registered"] = max(snapshot.registered, snapshot.voters)
    if vote.meeting_quorum and snapshot.quorum_required is not None:
        data["quorum"] = snapshot.quorum_required
    return YesNoRules.from_dict(data)


def latest_tallies(conn: Connection, meeting_id: str, vote_id: str) -> dict[str, Tally]:
    """The latest tally of each origin (a corrected show of hands replaces the earlier one)."""
    rows = conn.execute(
        select(tallies_table)
        .where(tallies_table.c.meeting_id == meeting_id, tallies_table.c.vote_id == vote_id)
        .order_by(tallies_table.c.hlc, tallies_table.c.device_id)
    ).all()
    return {row.origin: Tally.from_dict(json.loads(row.counts)) for row in rows}


def vote_outcome(conn: Connection, meeting_id: str, vote_id: str) -> VoteOutcome:
    row = vote_row(conn, meeting_id, vote_id)
    marks = mark_count(conn, meeting_id, vote_id)
    vote = vote_view(row, marks)
    snapshot = vote.snapshot or attendance_snapshot(conn, meeting_id)
    method = vote.method
    ballots: list[Ballot] = []
    sealed = 0
    for text in conn.execute(
        select(sealed_table.c.ballots).where(
            sealed_table.c.meeting_id == meeting_id, sealed_table.c.vote_id == vote_id
        )
    ).scalars():
        box = [ballot_from(method, value) for value in json.loads(text)]
        sealed += len(box)
        ballots.extend(box)
    open_box: list[Ballot] = []
    if vote.status is not VoteStatus.CLOSED or ballot_box.size(conn, vote_id):
        open_box = ballot_box.ballots(conn, vote_id, method)
    ballots.extend(open_box)
    named, doubles = _marks(conn, vote, ballots)
    tallies = latest_tallies(conn, meeting_id, vote_id)
    for tally in tallies.values():
        ballots.extend(tally.ballots())
    labels: Mapping[str, str] = vote.labels
    result: VoteResult = count(method, labels, ballots, counted_rules(vote, snapshot))
    return VoteOutcome(
        vote=vote,
        result=result,
        snapshot=snapshot,
        marks=marks,
        open_ballots=len(open_box),
        sealed_ballots=sealed,
        tallies={
            origin: dict(t.per_option) | {"blank": t.blank, "spoiled": t.spoiled}
            for origin, t in tallies.items()
        },
        named=tuple(named),
        doubles=tuple(doubles),
        live=vote.status is not VoteStatus.CLOSED,
    )


def _marks(
    conn: Connection, vote: VoteView, ballots: list[Ballot]
) -> tuple[list[NamedVote], list[DoubleVote]]:
    """Public ballots join ``ballots``; names of a public vote and every flagged double vote."""
    person = participants.alias("person")
    caster = participants.alias("caster")
    rows = conn.execute(
        select(
            marks_table,
            person.c.first_name,
            person.c.last_name,
            caster.c.first_name.label("caster_first"),
            caster.c.last_name.label("caster_last"),
        )
        .outerjoin(
            person,
            and_(
                person.c.id == marks_table.c.participant_id,
                person.c.meeting_id == marks_table.c.meeting_id,
            ),
        )
        .outerjoin(
            caster,
            and_(
                caster.c.id == marks_table.c.cast_by,
                caster.c.meeting_id == marks_table.c.meeting_id,
            ),
        )
        .where(marks_table.c.meeting_id == vote.meeting_id, marks_table.c.vote_id == vote.id)
    ).all()
    named: list[NamedVote] = []
    doubles: list[DoubleVote] = []
    labels = vote.labels
    for row in rows:
        name = join_name(row.first_name, row.last_name)
        if row.duplicate:
            doubles.append(
                DoubleVote(row.event_id, row.participant_id, name, Origin(row.origin), row.reviewed)
            )
        if vote.secret or row.ballot is None:
            continue
        ballot = ballot_from(vote.method, json.loads(row.ballot))
        if not row.duplicate:
            ballots.append(ballot)
        named.append(
            NamedVote(
                participant_id=row.participant_id,
                name=name,
                cast_by_name=join_name(row.caster_first, row.caster_last),
                choice=describe_ballot(ballot, labels, vote.method),
                origin=Origin(row.origin),
                duplicate=bool(row.duplicate),
            )
        )
    named.sort(key=lambda line: (line.name.casefold(), line.participant_id))
    doubles.sort(key=lambda line: (line.name.casefold(), line.mark_event_id))
    return named, doubles


def describe_ballot(ballot: Ballot, labels: Mapping[str, str], method: str = "") -> str:
    """A ballot in words, for the list of a public vote and the paper entry's echo."""
    mark = mark_of(ballot)
    if mark is not None or ballot is None:
        return _("Nul") if mark is SPOILED else _("Blanc")
    if isinstance(ballot, str):
        return labels.get(ballot, ballot)
    if isinstance(ballot, list | tuple):
        return " > ".join(labels.get(option, option) for option in ballot)
    if isinstance(ballot, Mapping):
        if method == "majority_judgment":
            return ", ".join(
                f"{labels.get(option, option)} : {_(GRADES[grade])}"
                for option, grade in sorted(ballot.items(), key=lambda item: item[1])
                if 0 <= grade < len(GRADES)
            )
        return ", ".join(
            f"{labels.get(option, option)} : {value}" for option, value in sorted(ballot.items())
        )
    if isinstance(ballot, Collection):
        return ", ".join(sorted(labels.get(option, option) for option in ballot))
    return str(ballot)
