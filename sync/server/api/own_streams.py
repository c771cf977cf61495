"""``GET /v1/own-streams``: a desk restored from a backup gets back the events it had pushed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from sync.batch_codec import encode_batch
from sync.protocol import BATCH_MEDIA_TYPE
from sync.protocol_streams import OWN_STREAMS_PATH, OwnStreams
from sync.server.deps import DatabaseDep, DeviceDep, SettingsDep
from sync.server.errors import AUTHENTICATED, error_responses
from sync.server.own_streams import own_stream_events, own_stream_heads

router = APIRouter(tags=["sync"])


@router.get(OWN_STREAMS_PATH, response_model=OwnStreams, responses=error_responses(*AUTHENTICATED))
def heads(device: DeviceDep, database: DatabaseDep) -> OwnStreams:
    return OwnStreams(streams=own_stream_heads(database, device))


@router.get(
    OWN_STREAMS_PATH + "/{meeting_id}",
    response_class=Response,
    responses={
        200: {
            "content": {BATCH_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "The device's events of the meeting after `after` (an `EventBatch`).",
        },
        **error_responses(*AUTHENTICATED),
    },
)
def events(
    device: DeviceDep,
    database: DatabaseDep,
    settings: SettingsDep,
    meeting_id: Annotated[str, Path(max_length=36)],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1)] = 500,
) -> Response:
    found, signed, more = own_stream_events(
        database, device, meeting_id, after, min(limit, settings.max_pull_limit)
    )
    body = encode_batch(
        found,
        next_cursor=str(found[-1].seq if found else after),
        has_more=more,
        level=settings.pull_compression_level,
        signer=lambda e: signed[e.seq].signature if e.seq in signed else None,
    )
    return Response(body, media_type=BATCH_MEDIA_TYPE)
