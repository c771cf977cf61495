"""The compact event-batch codec used by push and pull (``sync.protocol`` has the schemas).

The event batch is compressed JSON, laid out by *run*: consecutive events of one stream (one device,
one meeting). Fields that repeat inside a run (meeting, device, sequence numbers, previous hashes,
per-event hashes) are not sent: the receiver rebuilds them by recomputing the hash chain from the
run's anchor (``prev_hash`` of its first event) and checks that the last recomputed hash equals the
run's ``tail_hash``. Any altered, missing or reordered event changes every later hash in the chain,
so the tail check verifies the whole run while sending one hash per run instead of two per event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from typing import Any

import zstandard
from pydantic import ValidationError

from civodesk.journal.event import (
    JournalEvent,
    JsonObject,
    canonical_json,
    compute_hash,
    personal_digest,
)
from civodesk.journal.signing import SignedHead
from sync.protocol import DEFAULT_COMPRESSION_LEVEL, MAX_DECOMPRESSED_BYTES, EventBatch, WireRun


class BatchDecodeError(ValueError):
    """The bytes are not a valid compressed event batch."""


class BatchTooLargeError(BatchDecodeError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"batch is larger than {limit} bytes once decompressed")
        self.limit = limit


@dataclass(frozen=True)
class DecodedBatch:
    events: list[JournalEvent]
    """Events whose run verified, with their recomputed ``prev_hash`` and ``hash``."""
    broken_runs: list[list[str]]
    """Event ids of runs whose recomputed chain did not end on their tail hash."""
    next_cursor: str | None
    has_more: bool
    heads: list[SignedHead] = field(default_factory=list)
    """The signed tail of every verified run that carried a signature (not yet checked)."""
    certificates: list[JsonObject] = field(default_factory=list)


def runs_of(events: Iterable[JournalEvent]) -> list[list[JournalEvent]]:
    """Split events into runs: same stream, consecutive sequence numbers, ascending."""
    ordered = sorted(events, key=lambda e: (e.meeting_id, e.device_id, e.seq))
    runs: list[list[JournalEvent]] = []
    for _stream, group in groupby(ordered, key=lambda e: (e.meeting_id, e.device_id)):
        current: list[JournalEvent] = []
        for event in group:
            if current and event.seq != current[-1].seq + 1:
                runs.append(current)
                current = []
            current.append(event)
        runs.append(current)
    return runs


def _deltas(values: Sequence[int]) -> list[int]:
    return [values[0], *(b - a for a, b in pairwise(values))]


def _undeltas(values: Sequence[int]) -> list[int]:
    total = 0
    restored: list[int] = []
    for value in values:
        total += value
        restored.append(total)
    return restored


HeadSigner = Callable[[JournalEvent], str | None]
"""The origin signature (base64) of the head ending at an event, or None when there is none."""

WIRE_CHECKPOINT_EVENTS = 100
"""A desk signs every 100th head of the runs it pushes (about 0.4 % more bytes)."""


def _wire_run(
    run: Sequence[JournalEvent], signer: HeadSigner | None, checkpoint_every: int
) -> JsonObject:
    first = run[0]
    signature = signer(run[-1]) if signer is not None else None
    checkpoints: dict[str, str] = {}
    if signer is not None and checkpoint_every:
        for index, event in enumerate(run[:-1]):
            if event.seq % checkpoint_every == 0 and (mark := signer(event)):
                checkpoints[str(index)] = mark
    return {
        "meeting_id": first.meeting_id,
        "device_id": first.device_id,
        "first_seq": first.seq,
        "prev_hash": first.prev_hash,
        "tail_hash": run[-1].hash,
        "event_ids": [e.event_id for e in run],
        "device_times_ms": _deltas([e.device_time_ms for e in run]),
        "hlcs": _deltas([e.hlc for e in run]),
        "types": [e.type for e in run],
        "payloads": [e.payload for e in run],
        "personals": [e.personal for e in run],
        "erased_digests": {
            str(i): e.personal_digest
            for i, e in enumerate(run)
            if e.personal is None and e.personal_digest is not None
        },
        **({"tail_signature": signature} if signature else {}),
        **({"checkpoints": checkpoints} if checkpoints else {}),
    }


def encode_batch(
    events: Iterable[JournalEvent],
    *,
    next_cursor: str | None = None,
    has_more: bool = False,
    level: int = DEFAULT_COMPRESSION_LEVEL,
    signer: HeadSigner | None = None,
    checkpoint_every: int = 0,
    certificates: Sequence[JsonObject] = (),
) -> bytes:
    """Compress events (any order, any streams) into a batch body.

    ``signer`` gives each run's tail signature (and, with ``checkpoint_every``, the signatures of
    the heads at multiples of it); a run is sent as given, so the caller cuts runs where
    signatures exist.
    """
    body: JsonObject = {
        "runs": [_wire_run(run, signer, checkpoint_every) for run in runs_of(events)]
    }
    if next_cursor is not None:
        body["next_cursor"] = next_cursor
        body["has_more"] = has_more
    if certificates:
        body["certificates"] = list(certificates)
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return zstandard.ZstdCompressor(level=level).compress(text)


def decompress_bounded(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress a zstd frame, refusing output larger than ``limit`` bytes."""
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(data)
        output = reader.read(limit + 1)
        while output and len(output) <= limit:
            chunk = reader.read(limit + 1 - len(output))
            if not chunk:
                break
            output += chunk
    except zstandard.ZstdError as error:
        raise BatchDecodeError(f"not a zstd frame: {error}") from error
    if len(output) > limit:
        raise BatchTooLargeError(limit)
    return output


def parse_batch(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> EventBatch:
    """Decompress and validate a batch body (without rebuilding the events)."""
    text = decompress_bounded(data, limit)
    try:
        return EventBatch.model_validate_json(text)
    except ValidationError as error:
        raise BatchDecodeError(
            f"not an event batch: {error.error_count()} invalid fields"
        ) from error


def _run_events(run: WireRun) -> list[JournalEvent] | None:
    """Rebuild a run's events; None when the lists disagree or the chain misses the tail hash."""
    count = len(run.event_ids)
    columns = (run.device_times_ms, run.hlcs, run.types, run.payloads, run.personals)
    if count == 0 or any(len(column) != count for column in columns):
        return None
    device_times = _undeltas(run.device_times_ms)
    hlcs = _undeltas(run.hlcs)
    prev_hash = run.prev_hash
    events: list[JournalEvent] = []
    for index in range(count):
        personal = run.personals[index]
        digest = (
            personal_digest(personal) if personal is not None else run.erased_digests.get(index)
        )
        fields: dict[str, Any] = {
            "event_id": run.event_ids[index],
            "meeting_id": run.meeting_id,
            "device_id": run.device_id,
            "seq": run.first_seq + index,
            "device_time_ms": device_times[index],
            "hlc": hlcs[index],
            "type": run.types[index],
            "payload": run.payloads[index],
            "personal_digest": digest,
            "prev_hash": prev_hash,
        }
        event_hash = compute_hash(**fields)
        events.append(JournalEvent(**fields, hash=event_hash, personal=personal))
        prev_hash = event_hash
    return events if prev_hash == run.tail_hash else None


def decode_events(batch: EventBatch) -> DecodedBatch:
    events: list[JournalEvent] = []
    broken: list[list[str]] = []
    heads: list[SignedHead] = []
    for run in batch.runs:
        rebuilt = _run_events(run)
        if rebuilt is None:
            broken.append(list(run.event_ids))
            continue
        events.extend(rebuilt)
        marks = {**run.checkpoints, len(rebuilt) - 1: run.tail_signature}
        for index, signature in sorted(marks.items()):
            if signature and 0 <= index < len(rebuilt):
                at = rebuilt[index]
                heads.append(SignedHead(at.meeting_id, at.device_id, at.seq, at.hash, signature))
    return DecodedBatch(
        events, broken, batch.next_cursor, batch.has_more, heads, list(batch.certificates)
    )


def decode_batch(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> DecodedBatch:
    """Decompress, validate and rebuild a batch body into journal events."""
    return decode_events(parse_batch(data, limit))


def canonical_json_lines(events: Iterable[JournalEvent]) -> bytes:
    """The reference encoding for size comparisons: one canonical JSON event per line."""
    lines = [
        canonical_json(
            {
                "event_id": e.event_id,
                "meeting_id": e.meeting_id,
                "device_id": e.device_id,
                "seq": e.seq,
                "device_time_ms": e.device_time_ms,
                "hlc": e.hlc,
                "type": e.type,
                "payload": e.payload,
                "personal": e.personal,
                "personal_digest": e.personal_digest,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
        )
        for e in events
    ]
    return ("\n".join(lines) + "\n").encode()


# --- Cursors and auth header --------------------------------------------------------------------
