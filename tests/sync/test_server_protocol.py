"""The batch codec and cursors: lossless, tamper-evident, bounded, compact."""

from __future__ import annotations

import dataclasses
import json

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from civodesk.journal.event import (
    GENESIS_HASH,
    JournalEvent,
    compute_hash,
    personal_digest,
    salted_personal,
)
from sync.batch_codec import (
    BatchDecodeError,
    BatchTooLargeError,
    canonical_json_lines,
    decode_batch,
    encode_batch,
    runs_of,
)
from sync.membership import PullPosition, decode_position, encode_position

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
payloads = st.dictionaries(st.text(max_size=10), json_values, max_size=4)


@st.composite
def streams(draw: st.DrawFn) -> list[JournalEvent]:
    """A valid stream: chained hashes, with personal parts present, absent or erased."""
    meeting = draw(st.sampled_from(["m-1", "m-2"]))
    device = draw(st.sampled_from(["d-1", "d-2", "d-3"]))
    first_seq = draw(st.integers(1, 50))
    prev_hash = (
        GENESIS_HASH
        if first_seq == 1
        else draw(st.text("0123456789abcdef", min_size=64, max_size=64))
    )
    events = []
    for offset in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["none", "personal", "erased"]))
        personal = (
            None if kind == "none" else salted_personal({"last_name": draw(st.text(max_size=12))})
        )
        digest = personal_digest(personal)
        fields = {
            "event_id": f"{meeting}-{device}-{first_seq + offset}",
            "meeting_id": meeting,
            "device_id": device,
            "seq": first_seq + offset,
            "device_time_ms": draw(st.integers(0, 2**45)),  # clocks may go backwards
            "hlc": draw(st.integers(0, 2**62)),
            "type": draw(st.sampled_from(["participant.registered", "idea.captured", "x.y"])),
            "payload": draw(payloads),
            "personal_digest": digest,
            "prev_hash": prev_hash,
        }
        prev_hash = compute_hash(**fields)
        events.append(
            JournalEvent(**fields, hash=prev_hash, personal=None if kind == "erased" else personal)
        )
    return events


@settings(max_examples=150, deadline=None)
@given(st.lists(streams(), min_size=0, max_size=4))
def test_encode_then_decode_gives_back_every_event(stream_list: list[list[JournalEvent]]) -> None:
    unique: dict[tuple[str, str, int], JournalEvent] = {}
    for stream in stream_list:
        for event in stream:
            unique.setdefault((event.meeting_id, event.device_id, event.seq), event)
    # Keep one stream per (meeting, device) so that runs stay chained.
    by_stream: dict[tuple[str, str], list[JournalEvent]] = {}
    for stream in stream_list:
        by_stream.setdefault((stream[0].meeting_id, stream[0].device_id), stream)
    events = [e for stream in by_stream.values() for e in reversed(stream)]

    decoded = decode_batch(encode_batch(events, level=1))

    assert decoded.broken_runs == []
    assert sorted(decoded.events, key=lambda e: e.event_id) == sorted(
        events, key=lambda e: e.event_id
    )


def _chain(count: int) -> list[JournalEvent]:
    prev_hash = GENESIS_HASH
    events = []
    for seq in range(1, count + 1):
        fields = {
            "event_id": f"e-{seq}",
            "meeting_id": "m",
            "device_id": "d",
            "seq": seq,
            "device_time_ms": 1000 + seq,
            "hlc": (1000 + seq) << 16,
            "type": "idea.captured",
            "payload": {"text": f"idée {seq}"},
            "personal_digest": None,
            "prev_hash": prev_hash,
        }
        prev_hash = compute_hash(**fields)
        events.append(JournalEvent(**fields, hash=prev_hash))
    return events


def test_runs_split_where_sequence_numbers_jump() -> None:
    events = _chain(6)
    runs = runs_of([events[4], events[0], events[1], events[5]])
    assert [[e.seq for e in run] for run in runs] == [[1, 2], [5, 6]]
    decoded = decode_batch(encode_batch([events[4], events[0], events[1], events[5]]))
    assert decoded.broken_runs == []
    assert [e.seq for e in decoded.events] == [1, 2, 5, 6]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: dataclasses.replace(e, payload={"text": "autre"}),
        lambda e: dataclasses.replace(e, hlc=e.hlc + 1),
        lambda e: dataclasses.replace(e, type="idea.removed"),
        lambda e: dataclasses.replace(e, event_id="e-forged"),
    ],
)
def test_any_altered_field_breaks_the_run(tamper: object) -> None:
    events = _chain(5)
    events[2] = tamper(events[2])  # type: ignore[operator]
    decoded = decode_batch(encode_batch(events))
    assert decoded.events == []
    assert decoded.broken_runs == [[e.event_id for e in events]]


def test_a_dropped_event_splits_the_run_and_keeps_the_rest_verifiable() -> None:
    events = _chain(5)
    decoded = decode_batch(encode_batch(events[:2] + events[3:]))
    assert decoded.broken_runs == []
    assert [e.seq for e in decoded.events] == [1, 2, 4, 5]


def test_decompression_is_bounded_and_garbage_is_refused() -> None:
    bomb = zstandard.ZstdCompressor().compress(b"[" * 1_000_000)
    with pytest.raises(BatchTooLargeError):
        decode_batch(bomb, limit=10_000)
    with pytest.raises(BatchDecodeError, match="not a zstd frame"):
        decode_batch(b"\x00\x01garbage")
    with pytest.raises(BatchDecodeError, match="not an event batch"):
        decode_batch(zstandard.ZstdCompressor().compress(json.dumps({"runs": 3}).encode()))


def test_the_wire_format_beats_compressed_canonical_json_lines() -> None:
    events = _chain(500)
    reference = zstandard.ZstdCompressor(level=19).compress(canonical_json_lines(events))
    assert len(encode_batch(events, level=19)) < len(reference)


POSITIONS = st.integers(0, 2**63 - 1)


@given(POSITIONS, POSITIONS, POSITIONS)
def test_cursors_round_trip(position: int, backfilled: int, at: int) -> None:
    pull_at = PullPosition(position, backfilled, at)
    assert decode_position(encode_position(pull_at)) == pull_at


@given(st.integers(2**63, 2**200), st.booleans())
def test_a_cursor_past_64_bits_is_refused(position: int, in_backfill: bool) -> None:
    pull_at = PullPosition(1, 1, position) if in_backfill else PullPosition(position)
    with pytest.raises(ValueError, match="cursor"):
        decode_position(encode_position(pull_at))


@pytest.mark.parametrize("cursor", ["", "x", "cjE6", "cjE6LTE", "cjI6MQ", "cjI6MTox", "!!!!"])
def test_malformed_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(ValueError, match="malformed cursor"):
        decode_position(cursor)
