"""This desk's open ballot box for secret ballots, and its sealing.

A ballot is put in the box in the same transaction as the voter's "a voté" mark, so it is durable
at once; the row holds a random key, the vote and the ballot: no participant, no time, and, the
table having no rowid, no insertion order (rows are stored and read in key order). Sealing turns
the box into one journal event with the ballots sorted by their canonical text, then deletes the
rows; with ``secure_delete`` on, the deleted cells are overwritten, and a WAL checkpoint
(``Database.flush_erased_data``) then removes the copies the write-ahead log still held.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from civodesk.db.schema import table_of
from civodesk.voting.ballots import Ballot
from civodesk.voting.counting import ballot_from, ballot_json, sealed_order
from civodesk.voting.tables import BallotBox

box_table = table_of(BallotBox)
BOX_KEY_BYTES = 16


def put(conn: Connection, vote_id: str, method: str, ballot: Ballot) -> str:
    """Drop a ballot in the box; returns its random key (kept in memory only, to correct it)."""
    key = secrets.token_hex(BOX_KEY_BYTES)
    conn.execute(
        box_table.insert().values(
            box_key=key, vote_id=vote_id, ballot=json.dumps(ballot_json(method, ballot))
        )
    )
    return key


def replace(conn: Connection, vote_id: str, key: str, method: str, ballot: Ballot) -> bool:
    """Change a ballot still in the box (the paper entry's "correct the last ballot")."""
    result = conn.execute(
        update(box_table)
        .where(box_table.c.box_key == key, box_table.c.vote_id == vote_id)
        .values(ballot=json.dumps(ballot_json(method, ballot)))
    )
    return bool(result.rowcount)


def size(conn: Connection, vote_id: str) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(box_table).where(box_table.c.vote_id == vote_id)
        ).scalar_one()
    )


def ballots(conn: Connection, vote_id: str, method: str) -> list[Ballot]:
    """The ballots in the box, in key order (random), for a live count."""
    rows = conn.execute(select(box_table.c.ballot).where(box_table.c.vote_id == vote_id)).scalars()
    return [ballot_from(method, json.loads(text)) for text in rows]


def seal(conn: Connection, vote_id: str, method: str) -> list[Any]:
    """Empty the box of a vote; returns its ballots as JSON values in canonical order."""
    sealed = sealed_order(method, ballots(conn, vote_id, method))
    conn.execute(delete(box_table).where(box_table.c.vote_id == vote_id))
    return sealed
