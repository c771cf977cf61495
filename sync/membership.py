"""The wire side of "a desk holds only the meetings it takes part in": directory, join, pull cursor.

A desk takes part in a meeting it created, imported from a package (it relayed the meeting's
signed streams) or joined on purpose. The directory lists the organization's meetings with their
title, dates and place only: no name, no contact, no count of people. Joining a meeting makes the
next pulls bring its events, the ones received before the join included (the *backfill*).

The pull cursor carries the backfill's progress, so a page is never served twice once the desk has
stored the cursor after it: ``r1:<position>`` (no backfill done yet) or
``r2:<position>:<backfilled>:<at>``, where ``backfilled`` is the join position of the last
membership whose earlier events were all served and ``at`` the receive position reached inside the
next one's backfill.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sync.protocol import MAX_CURSOR_DIGITS, MAX_RECEIVE_SEQ, MEETINGS_PATH, WireModel

DIRECTORY_PATH = "/v1/directory"
"""GET → MeetingDirectory: the organization's meetings (title, dates, place), for choosing one."""
JOIN_SUFFIX = "/join"
"""POST ``/v1/meetings/{id}/join`` → JoinResponse: this desk takes part in the meeting."""


def join_path(meeting_id: str) -> str:
    return f"{MEETINGS_PATH}/{meeting_id}{JOIN_SUFFIX}"


class DirectoryEntry(WireModel):
    """What a desk may know of a meeting it does not hold: nothing about the people in it."""

    meeting_id: str
    title: str
    place: str
    starts_at: str
    ends_at: str
    joined: bool
    """This desk takes part in the meeting (created, imported or joined): its pulls bring it."""


class MeetingDirectory(WireModel):
    meetings: list[DirectoryEntry]
    """Not deleted meetings of the organization, latest start first."""


class JoinResponse(WireModel):
    meeting_id: str
    reason: str
    """Why this desk takes part: ``created``, ``imported`` or ``joined`` (an earlier reason is
    kept when the desk already took part)."""
    already: bool
    """The desk already took part before this request (joining is idempotent)."""


@dataclass(frozen=True)
class PullPosition:
    """Where a desk's pulls stand: the receive position, and how far the backfills went."""

    position: int = 0
    backfilled: int = 0
    backfill_at: int = 0


def encode_position(at: PullPosition) -> str:
    """Server side: the opaque cursor of a pull position."""
    if at.backfilled == 0 and at.backfill_at == 0:
        text = f"r1:{at.position}"
    else:
        text = f"r2:{at.position}:{at.backfilled}:{at.backfill_at}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_position(cursor: str) -> PullPosition:
    """Server side: the pull position of a cursor it issued; ValueError when malformed."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError("malformed cursor") from error
    prefix, _, rest = text.partition(":")
    numbers = rest.split(":")
    expected = {"r1": 1, "r2": 3}.get(prefix)
    if expected is None or len(numbers) != expected:
        raise ValueError("malformed cursor")
    if any(not n.isdigit() or len(n) > MAX_CURSOR_DIGITS for n in numbers):
        raise ValueError("malformed cursor")
    values = [int(n) for n in numbers]
    if any(value > MAX_RECEIVE_SEQ for value in values):
        raise ValueError("cursor past the largest receive position")
    return PullPosition(*values)
