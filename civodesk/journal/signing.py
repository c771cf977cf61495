"""Signed stream heads: a device's Ed25519 signature over the tip of its chain.

Every event carries the hash of the one before it, so a signature over a stream's head (meeting,
device, sequence, hash) vouches for the whole stream up to that point: one 64-byte signature per
batch or package instead of one per event. Whoever relays a stream (a desk carrying a package, the
server serving a pull) hands on the origin device's signatures; nobody but the origin can make one.

Besides its tip, a device signs every ``CHECKPOINT_EVENTS``-th head of its streams, so a relay can
cut a long stream into batches that each end on a signed head.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from sqlalchemy import Connection, and_, func, select, tuple_

from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.devices.identity import DeviceIdentity, public_key_from_b64
from civodesk.journal.event import canonical_json
from civodesk.journal.store import events_table
from civodesk.journal.trust_tables import stream_signatures

HEAD_CONTEXT = b"civodesk-stream-head:v1\n"
CHECKPOINT_EVENTS = 500


@dataclass(frozen=True)
class SignedHead:
    meeting_id: str
    device_id: str
    seq: int
    hash: str
    signature: str
    """Base64 of the 64-byte Ed25519 signature of ``head_message``."""

    def to_json(self) -> dict[str, object]:
        return {
            "meeting_id": self.meeting_id,
            "device_id": self.device_id,
            "seq": self.seq,
            "hash": self.hash,
            "signature": self.signature,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SignedHead:
        return cls(
            meeting_id=str(data["meeting_id"]),
            device_id=str(data["device_id"]),
            seq=int(str(data["seq"])),
            hash=str(data["hash"]),
            signature=str(data["signature"]),
        )


def head_message(meeting_id: str, device_id: str, seq: int, head_hash: str) -> bytes:
    """The bytes a device signs for a head; the context prefix keeps them from meaning anything else."""
    body = {"meeting_id": meeting_id, "device_id": device_id, "seq": seq, "hash": head_hash}
    return HEAD_CONTEXT + canonical_json(body).encode()


def sign_head(device: DeviceIdentity, meeting_id: str, seq: int, head_hash: str) -> SignedHead:
    signature = device.sign(head_message(meeting_id, device.device_id, seq, head_hash))
    return SignedHead(
        meeting_id, device.device_id, seq, head_hash, base64.b64encode(signature).decode()
    )


def head_signed_by(public_key_b64: str, head: SignedHead) -> bool:
    """Whether ``head`` carries a valid signature by that key (never raises on bad input)."""
    try:
        key = public_key_from_b64(public_key_b64)
        signature = base64.b64decode(head.signature, validate=True)
        key.verify(signature, head_message(head.meeting_id, head.device_id, head.seq, head.hash))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def store_signed_heads(conn: Connection, heads: Iterable[SignedHead]) -> None:
    insert_ignoring_duplicates(
        conn,
        stream_signatures,
        [
            {
                "meeting_id": head.meeting_id,
                "device_id": head.device_id,
                "seq": head.seq,
                "hash": head.hash,
                "signature": head.signature,
            }
            for head in heads
        ],
    )


def stored_heads(
    conn: Connection, meeting_id: str, device_id: str | None = None
) -> list[SignedHead]:
    """Signed heads kept for a meeting (one device's, or all), by device and sequence."""
    query = select(stream_signatures).where(stream_signatures.c.meeting_id == meeting_id)
    if device_id is not None:
        query = query.where(stream_signatures.c.device_id == device_id)
    rows = conn.execute(
        query.order_by(stream_signatures.c.device_id, stream_signatures.c.seq)
    ).all()
    return [
        SignedHead(row.meeting_id, row.device_id, row.seq, row.hash, row.signature) for row in rows
    ]


def signed_seqs(
    conn: Connection, streams: Sequence[tuple[str, str]], low: int = 0
) -> dict[tuple[str, str], list[int]]:
    """For each (meeting, device) stream, the sequences that have a stored signature, ascending."""
    found: dict[tuple[str, str], list[int]] = {stream: [] for stream in streams}
    for start in range(0, len(streams), 200):
        chunk = list(streams[start : start + 200])
        rows = conn.execute(
            select(
                stream_signatures.c.meeting_id,
                stream_signatures.c.device_id,
                stream_signatures.c.seq,
            )
            .where(
                and_(
                    tuple_(stream_signatures.c.meeting_id, stream_signatures.c.device_id).in_(
                        chunk
                    ),
                    stream_signatures.c.seq > low,
                )
            )
            .order_by(stream_signatures.c.seq)
        )
        for meeting_id, device_id, seq in rows:
            found[(meeting_id, device_id)].append(seq)
    return found


def stored_head(conn: Connection, meeting_id: str, device_id: str, seq: int) -> SignedHead | None:
    row = conn.execute(
        select(stream_signatures).where(
            stream_signatures.c.meeting_id == meeting_id,
            stream_signatures.c.device_id == device_id,
            stream_signatures.c.seq == seq,
        )
    ).one_or_none()
    if row is None:
        return None
    return SignedHead(row.meeting_id, row.device_id, row.seq, row.hash, row.signature)


def sign_own_heads(conn: Connection, device: DeviceIdentity, meeting_id: str) -> list[SignedHead]:
    """Sign this device's stream of a meeting at its tip and every checkpoint, and keep them.

    Returns every signed head of the stream (old and new), ascending. Nothing when the device never
    wrote to the meeting.
    """
    tip = conn.execute(
        select(func.max(events_table.c.seq)).where(
            events_table.c.meeting_id == meeting_id, events_table.c.device_id == device.device_id
        )
    ).scalar()
    if not tip:
        return []
    wanted = {*range(CHECKPOINT_EVENTS, tip + 1, CHECKPOINT_EVENTS), tip}
    have = {head.seq for head in stored_heads(conn, meeting_id, device.device_id)}
    missing = sorted(wanted - have)
    if missing:
        rows = conn.execute(
            select(events_table.c.seq, events_table.c.hash).where(
                events_table.c.meeting_id == meeting_id,
                events_table.c.device_id == device.device_id,
                events_table.c.seq.in_(missing),
            )
        ).all()
        store_signed_heads(conn, [sign_head(device, meeting_id, seq, h) for seq, h in rows])
    return stored_heads(conn, meeting_id, device.device_id)
