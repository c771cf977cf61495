"""API errors: one exception type carrying the protocol's error code, rendered as ``ErrorBody``."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    SUPPORTED_PROTOCOL_VERSIONS,
    ErrorBody,
    ErrorCode,
)

logger = logging.getLogger("civodesk.server")
DATABASE_RETRY_AFTER_S = 5.0


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


ERROR_DESCRIPTIONS = {
    400: "Missing or unsupported protocol version (`unsupported_protocol`).",
    401: "No token, or an unknown or replaced one (`missing_token`, `invalid_token`).",
    403: "The device was revoked, the enroll code is unknown, used or expired, or the desk has "
    "not joined the meeting whose journal it asks about (`not_joined`).",
    404: "No such meeting for this organization (the same answer for another organization's).",
    409: "The device id is held by another key or active elsewhere (`device_key_mismatch`).",
    413: "The body is over the size limit, compressed or decompressed (`request_too_large`).",
    415: "The body is not an event batch (`unsupported_media_type`).",
    422: "A parameter, body or batch fails validation; the message says which and why.",
    429: "The device's request budget is spent; see `Retry-After` (`rate_limited`).",
    500: "Unexpected server error, logged on the server (`server_error`).",
    503: "The database is unavailable or busy; see `Retry-After` (`server_error`).",
}
AUTHENTICATED = (400, 401, 403, 422, 429, 500, 503)
"""What every token-authenticated endpoint may answer besides its own statuses."""


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries: each status with the ``ErrorBody`` it carries."""
    return {
        status: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]}
        for status in sorted(set(statuses))
    }


def error_response(error: ApiError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(
        error=error.code.value,
        message=error.message,
        supported_versions=(
            list(SUPPORTED_PROTOCOL_VERSIONS)
            if error.code is ErrorCode.UNSUPPORTED_PROTOCOL
            else None
        ),
        retry_after_s=error.retry_after_s,
    )
    headers = {**(headers or {}), PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    if error.retry_after_s is not None:
        headers[RETRY_AFTER_HEADER] = str(max(1, math.ceil(error.retry_after_s)))
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=error.status, headers=headers
    )


HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.INVALID_REQUEST,
    413: ErrorCode.REQUEST_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        return error_response(ApiError(422, ErrorCode.INVALID_REQUEST, problems))

    @app.exception_handler(DBAPIError)
    async def _database_error(_request: Request, error: DBAPIError) -> JSONResponse:
        # The driver's text may quote a row (names included): log its class and state only.
        logger.warning(
            "database unavailable: %s (%s)",
            type(error.orig).__name__,
            getattr(error.orig, "sqlstate", None) or "no state",
        )
        return error_response(
            ApiError(
                503,
                ErrorCode.SERVER_ERROR,
                "the server's database is unavailable; retry later",
                retry_after_s=DATABASE_RETRY_AFTER_S,
            )
        )

    @app.exception_handler(PoolTimeoutError)
    async def _pool_exhausted(_request: Request, _error: PoolTimeoutError) -> JSONResponse:
        # Every connection busy past the pool's timeout (many desks pushing into one
        # organization): the server is overloaded, not broken; the desk retries later.
        logger.warning("database connection pool exhausted")
        return error_response(
            ApiError(
                503,
                ErrorCode.SERVER_ERROR,
                "the server is busy; retry later",
                retry_after_s=DATABASE_RETRY_AFTER_S,
            )
        )

    @app.exception_handler(Exception)
    async def _unexpected_error(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=error)
        return error_response(
            ApiError(500, ErrorCode.SERVER_ERROR, "unexpected server error; it was logged")
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, ErrorCode.INVALID_REQUEST)
        # Starlette's 405 carries the ``Allow`` header; keep it (and any other it sets).
        return error_response(
            ApiError(error.status_code, code, str(error.detail)), headers=error.headers
        )
