"""API errors: one exception type carrying the protocol's error code, rendered as ``ErrorBody``."""

from __future__ import annotations

import logging
import math

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
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


def error_response(error: ApiError) -> JSONResponse:
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
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
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
        logger.warning("database unavailable: %s", error.orig)
        return error_response(
            ApiError(
                503,
                ErrorCode.SERVER_ERROR,
                "the server's database is unavailable; retry later",
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
        return error_response(ApiError(error.status_code, code, str(error.detail)))
