"""Wire shapes for a desk getting its own stream back (a laptop restored from an old backup).

The pull never sends a desk its own events (it wrote them), so a desk restored from a backup would
never see the events it had pushed after that backup. ``GET OWN_STREAMS_PATH`` lists the heads the
server holds of the asking device's streams, one per meeting; ``GET OWN_STREAMS_PATH/{meeting}``
sends that stream's events after a sequence number as an ordinary batch body, cut at heads the
device signed (so the desk verifies them offline like any pull).
"""

from __future__ import annotations

from pydantic import Field

from sync.protocol import WireModel

OWN_STREAMS_PATH = "/v1/own-streams"


class OwnStreamHead(WireModel):
    meeting_id: str = Field(max_length=36)
    seq: int = Field(ge=1)
    hash: str = Field(max_length=64)


class OwnStreams(WireModel):
    """The last event the server holds of each of the asking device's streams."""

    streams: list[OwnStreamHead]
