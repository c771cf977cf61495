"""A secret vote leaves nothing that links a ballot to a voter: tables, journal, and file bytes.

Each voter picks a different option, so any stored link between a person and an option id would
give their vote away. While the vote is open the ballots sit in the box: no participant, no time,
no insertion order. After the close every byte of the database files, the WAL included, holds each
option id only where the vote's setup and its sealed boxes (sorted by content) put it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from civodesk.journal.store import events_table, iter_events
from civodesk.participants.participant import ParticipantFields
from civodesk.voting.ballot_box import box_table
from civodesk.voting.handlers import (
    VOTE_BOX_SEALED,
    VOTE_CAST,
    VOTE_CREATED,
    sealed_table,
    votes_table,
)
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteOption, VoteSetup
from tests.core.desks import Desk, open_desk, send
from tests.factories import meeting_fields

VOTERS = 12
OPTIONS = tuple(VoteOption(f"qz{n:02d}x", f"Projet {n}") for n in range(VOTERS))


def _meeting(desk: Desk) -> tuple[str, list[str], dict[str, str]]:
    services = desk.services
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = [ParticipantFields(f"Prénom{n}", f"Nom{n:02d}") for n in range(VOTERS)]
    services.participants.register_many(meeting, people)
    services.checkin.issue_badges(meeting)
    badges = sorted(services.checkin.list_badges(meeting), key=lambda b: b.last_name)
    for badge in badges:
        services.checkin.scan(meeting, badge.token)
    ids = [badge.participant_id for badge in badges]
    tokens = {badge.participant_id: badge.token for badge in badges}
    return meeting, ids, tokens


def _open_vote(desk: Desk, meeting: str) -> str:
    setup = VoteSetup("Quel projet ?", "single", OPTIONS, secret=True)
    vote = desk.services.votes.create_vote(meeting, setup).created_ids[0]
    desk.services.votes.open_vote(meeting, vote)
    return vote


def _vote_at_kiosk(
    desk: Desk, meeting: str, vote: str, voter: str, token: str, option: str
) -> None:
    turn = desk.services.votes.voter_turn(meeting, vote, token)
    assert [pid for pid, _name in turn.cast_for] == [voter]
    desk.services.votes.cast(meeting, vote, BallotIntake(option, Origin.KIOSK, voter))
    desk.clock.advance(1000)


def _check_open_vote(desk: Desk, meeting: str, cast_order: list[str]) -> None:
    path = desk.database.path
    raw = sqlite3.connect(path)
    try:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(ballot_box)")]
        assert columns == ["box_key", "vote_id", "ballot"]  # no participant, no time
        with pytest.raises(sqlite3.OperationalError):
            raw.execute("SELECT rowid FROM ballot_box")  # no insertion order either
        stored = [json.loads(b) for _k, _v, b in raw.execute("SELECT * FROM ballot_box")]
        keys = [k for k, _v, _b in raw.execute("SELECT * FROM ballot_box")]
        assert keys == sorted(keys)  # rows come back in the order of their random keys...
        assert sorted(stored) == sorted(cast_order)
        assert stored != cast_order  # ...which is not the order they were cast in
        # No other table holds a ballot: every option id is only in the vote's setup.
        tables = [
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            if table in {"ballot_box", "votes", "events"}:
                continue
            for row in raw.execute(f'SELECT * FROM "{table}"'):
                text = " ".join(str(value) for value in row)
                assert not any(option.id in text for option in OPTIONS), table
    finally:
        raw.close()
    with desk.database.read() as conn:
        events = list(iter_events(conn, meeting))
    for event in events:
        text = json.dumps(event.payload)
        if event.type == VOTE_CREATED:
            continue
        assert not any(option.id in text for option in OPTIONS), event.type
        if event.type == VOTE_CAST:
            assert set(event.payload) == {"vote_id", "participant_id", "cast_by", "origin"}


def _file_bytes(path: Path) -> dict[str, bytes]:
    files = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            files[suffix or "db"] = candidate.read_bytes()
    return files


def _expected_occurrences(desk: Desk, meeting: str) -> dict[str, int]:
    """Where an option id may be stored: the setup (event and row) and the sealed boxes."""
    with desk.database.read() as conn:
        texts = [
            row.payload
            for row in conn.execute(select(events_table))
            if row.type in {VOTE_CREATED, VOTE_BOX_SEALED}
        ]
        texts += list(conn.execute(select(votes_table.c.options)).scalars())
        texts += list(conn.execute(select(sealed_table.c.ballots)).scalars())
        assert conn.execute(select(box_table)).all() == []
    return {option.id: sum(text.count(option.id) for text in texts) for option in OPTIONS}


def _check_closed_files(desk: Desk, meeting: str) -> None:
    files = _file_bytes(desk.database.path)
    assert files.get("-wal", b"") == b""  # checkpointed and truncated
    expected = _expected_occurrences(desk, meeting)
    for option in OPTIONS:
        needle = option.id.encode()
        assert files["db"].count(needle) == expected[option.id], option.id
        for name, content in files.items():
            if name != "db":
                assert needle not in content, name


def test_one_desk_secret_vote_leaves_no_link(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.db", "poste 1")
    try:
        meeting, ids, tokens = _meeting(desk)
        vote = _open_vote(desk, meeting)
        cast_order = []
        for index, voter in enumerate(ids):
            option = OPTIONS[(index * 5) % VOTERS].id
            _vote_at_kiosk(desk, meeting, vote, voter, tokens[voter], option)
            cast_order.append(option)
        _check_open_vote(desk, meeting, cast_order)

        desk.services.votes.close_vote(meeting, vote)
        _check_closed_files(desk, meeting)
        with desk.database.read() as conn:
            sealed = [e for e in iter_events(conn, meeting) if e.type == VOTE_BOX_SEALED]
        assert len(sealed) == 1
        assert sealed[0].payload["ballots"] == sorted(cast_order)
        outcome = desk.services.votes.outcome(meeting, vote)
        assert outcome.result.tally.valid == VOTERS
    finally:
        desk.close()


def test_two_desks_merge_their_boxes_and_flag_a_voter_accepted_twice(tmp_path: Path) -> None:
    desk1 = open_desk(tmp_path / "d1.db", "poste 1")
    desk2 = open_desk(tmp_path / "d2.db", "poste 2", start_ms=1_764_150_000_000 + 7)
    try:
        meeting, ids, tokens = _meeting(desk1)
        vote = _open_vote(desk1, meeting)
        send(desk1, desk2)
        half = VOTERS // 2
        order1 = []
        for index, voter in enumerate(ids[:half]):
            _vote_at_kiosk(desk1, meeting, vote, voter, tokens[voter], OPTIONS[index].id)
            order1.append(OPTIONS[index].id)
        order2 = []
        # Offline, desk 2 also accepts the first voter of desk 1.
        for index, voter in enumerate([*ids[half:], ids[0]]):
            option = OPTIONS[(half + index) % VOTERS].id
            _vote_at_kiosk(desk2, meeting, vote, voter, tokens[voter], option)
            order2.append(option)
        _check_open_vote(desk1, meeting, order1)
        _check_open_vote(desk2, meeting, order2)

        desk1.services.votes.close_vote(meeting, vote)
        desk2.services.votes.close_vote(meeting, vote)
        send(desk1, desk2)
        send(desk2, desk1)
        outcomes = []
        for desk in (desk1, desk2):
            outcome = desk.services.votes.outcome(meeting, vote)
            assert outcome.sealed_ballots == VOTERS + 1  # nothing silently dropped
            assert [double.participant_id for double in outcome.doubles] == [ids[0]]
            assert outcome.marks == VOTERS
            outcomes.append(outcome.result)
            desk.database.flush_erased_data()
            _check_closed_files(desk, meeting)
        assert outcomes[0] == outcomes[1]
        assert outcomes[0].tally.ballots == VOTERS + 1
    finally:
        desk1.close()
        desk2.close()
