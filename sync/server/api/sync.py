"""``POST /v1/push`` and ``GET /v1/pull``: the two halves of synchronization."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from civodesk.features import registry
from sync.batch_codec import (
    BatchDecodeError,
    BatchTooLargeError,
    decode_events,
    encode_batch,
    parse_batch,
)
from sync.membership import PullPosition, decode_position, encode_position
from sync.protocol import BATCH_MEDIA_TYPE, PULL_PATH, PUSH_PATH, ErrorCode, PushResponse
from sync.server.deps import DatabaseDep, DeviceDep, SettingsDep
from sync.server.errors import AUTHENTICATED, ApiError, error_responses
from sync.server.pull import pull_events
from sync.server.push import push_events
from sync.server.settings import ServerSettings

router = APIRouter(tags=["sync"])

DEFAULT_PULL_LIMIT = 1000


async def _read_body(request: Request, settings: ServerSettings) -> bytes:
    """The request body, refused with 413 as soon as it exceeds the limit."""
    too_large = ApiError(
        413,
        ErrorCode.REQUEST_TOO_LARGE,
        f"the request body is larger than {settings.max_request_bytes} bytes; "
        "send fewer events per batch",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_request_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.max_request_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    PUSH_PATH,
    response_model=PushResponse,
    responses=error_responses(*AUTHENTICATED, 413, 415),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {BATCH_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/EventBatch"}}},
        }
    },
)
async def push(
    request: Request, device: DeviceDep, database: DatabaseDep, settings: SettingsDep
) -> PushResponse:
    media_type = request.headers.get("content-type", "").split(";")[0].strip()
    if media_type != BATCH_MEDIA_TYPE:
        raise ApiError(
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, f"push bodies must be {BATCH_MEDIA_TYPE}"
        )
    body = await _read_body(request, settings)
    try:
        batch = parse_batch(body, settings.max_decompressed_bytes)
    except BatchTooLargeError as error:
        raise ApiError(413, ErrorCode.REQUEST_TOO_LARGE, str(error)) from error
    except BatchDecodeError as error:
        raise ApiError(422, ErrorCode.INVALID_BATCH, str(error)) from error
    count = sum(len(run.event_ids) for run in batch.runs)
    if count > settings.max_batch_events:
        raise ApiError(
            422,
            ErrorCode.BATCH_TOO_LARGE,
            f"{count} events in one push; at most {settings.max_batch_events} are accepted",
        )
    decoded = await run_in_threadpool(decode_events, batch)
    return await run_in_threadpool(push_events, database, device, decoded, registry)


@router.get(
    PULL_PATH,
    response_class=Response,
    responses={
        200: {
            "content": {BATCH_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "An event batch (zstd-compressed `EventBatch`).",
        },
        **error_responses(*AUTHENTICATED),
    },
)
def pull(
    device: DeviceDep,
    database: DatabaseDep,
    settings: SettingsDep,
    cursor: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    limit = limit or min(DEFAULT_PULL_LIMIT, settings.max_pull_limit)
    if limit > settings.max_pull_limit:
        raise ApiError(
            422,
            ErrorCode.INVALID_REQUEST,
            f"limit {limit} is above the maximum of {settings.max_pull_limit}",
        )
    try:
        at = decode_position(cursor) if cursor else PullPosition()
    except ValueError as error:
        raise ApiError(
            422, ErrorCode.INVALID_CURSOR, "this cursor was not issued by the server"
        ) from error
    page = pull_events(database, device, at, limit)
    body = encode_batch(
        page.events,
        next_cursor=encode_position(page.next_position),
        has_more=page.has_more,
        level=settings.pull_compression_level,
        signer=page.signature_of,
        certificates=[certificate.to_json() for certificate in page.certificates],
    )
    return Response(body, media_type=BATCH_MEDIA_TYPE)
