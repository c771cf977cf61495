"""``GET /health``: for load balancers and desks checking the link; needs no token. It tells the
server's time, which desks measure their clock offset against (``sync.client.clock_sync``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from sync.protocol import (
    HEALTH_PATH,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    HealthResponse,
)
from sync.server.deps import DatabaseDep, SettingsDep
from sync.server.errors import error_responses

router = APIRouter(tags=["health"])


@router.get(
    HEALTH_PATH,
    response_model=HealthResponse,
    responses={
        503: {"model": HealthResponse, "description": "The database is unreachable."},
        **error_responses(500),
    },
)
def health(request: Request, database: DatabaseDep, settings: SettingsDep) -> JSONResponse:
    reachable = database.ping()
    body = HealthResponse(
        status="ok" if reachable else "degraded",
        protocol_version=PROTOCOL_VERSION,
        supported_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
        database="ok" if reachable else "unreachable",
        limits=settings.limits(),
        server_time_ms=request.app.state.clock.now_ms(),
    )
    return JSONResponse(body.model_dump(), status_code=200 if reachable else 503)
