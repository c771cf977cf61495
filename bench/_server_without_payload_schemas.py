"""The sync server with its payload schemas emptied: the baseline ``server_ingest`` compares with.

Only for measuring what validation costs; never serve with it (uvicorn ``--factory``).
"""

from __future__ import annotations

from fastapi import FastAPI

from civodesk.features import registry
from sync.server.app import app_from_environment


def app() -> FastAPI:
    registry.schemas.clear()
    return app_from_environment()
