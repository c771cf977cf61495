"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

import civodesk.features  # noqa: F401  (fills the projection registry the server applies)
from civodesk import __version__
from civodesk.clock import Clock
from sync.protocol import BATCH_MEDIA_TYPE, PROTOCOL_HEADER, PROTOCOL_VERSION, EventBatch
from sync.server import clock as server_clock
from sync.server.api import device, enroll, health, meetings, members, own_streams, sync, votes
from sync.server.db import ServerDatabase
from sync.server.errors import install_error_handlers
from sync.server.settings import ServerSettings


def create_app(
    settings: ServerSettings | None = None, *, migrate: bool = True, clock: Clock | None = None
) -> FastAPI:
    """An application bound to one database; ``migrate`` brings its schema up to date first.

    ``clock`` is the time the server tells desks (``/health``), the reference they correct
    their own clocks by; the system's clock unless given.
    """
    settings = settings or ServerSettings()
    database = ServerDatabase(settings.database_url, settings.database_pool_size)
    if migrate:
        database.migrate()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(
        title="CivoDesk sync server",
        version=__version__,
        summary=f"Central journal store for CivoDesk desks (protocol version {PROTOCOL_VERSION}).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.clock = clock or server_clock.default_clock()
    install_error_handlers(app)
    # JSON answers (a resend's duplicate ids, views) compress well; batches are zstd already.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=2048,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, BATCH_MEDIA_TYPE),
    )

    @app.middleware("http")
    async def protocol_header(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        return response

    for router in (
        health.router,
        enroll.router,
        device.router,
        sync.router,
        own_streams.router,
        meetings.router,
        members.router,
        votes.router,
    ):
        app.include_router(router)
    _document_batch_schema(app)
    return app


def _document_batch_schema(app: FastAPI) -> None:
    """Add the batch body's schema to OpenAPI (it travels compressed, so FastAPI cannot see it)."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            batch_schema = EventBatch.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(batch_schema.pop("$defs", {}))
            components["EventBatch"] = batch_schema
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory``: settings from ``CIVODESK_*`` environment variables."""
    return create_app(ServerSettings())
