"""FastAPI dependencies, as ``Annotated`` aliases: settings, database, protocol check, device."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from sync.protocol import PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS, ErrorCode
from sync.server.auth import AuthenticatedDevice, authenticate, parse_bearer
from sync.server.db import ServerDatabase
from sync.server.errors import ApiError
from sync.server.settings import ServerSettings


def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def get_database(request: Request) -> ServerDatabase:
    database: ServerDatabase = request.app.state.database
    return database


SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
DatabaseDep = Annotated[ServerDatabase, Depends(get_database)]


def require_protocol(
    version: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> int:
    """Refuse a client speaking another protocol version before anything else happens."""
    supported = ", ".join(str(v) for v in SUPPORTED_PROTOCOL_VERSIONS)
    if version is None:
        raise ApiError(
            400,
            ErrorCode.UNSUPPORTED_PROTOCOL,
            f"the {PROTOCOL_HEADER} header is required (supported: {supported})",
        )
    if not version.strip().isdigit() or int(version) not in SUPPORTED_PROTOCOL_VERSIONS:
        raise ApiError(
            400,
            ErrorCode.UNSUPPORTED_PROTOCOL,
            f"protocol version {version!r} is not supported (supported: {supported}); "
            "update CivoDesk or the server",
        )
    return int(version)


ProtocolDep = Annotated[int, Depends(require_protocol)]


def current_device(
    _protocol: ProtocolDep,
    database: DatabaseDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> AuthenticatedDevice:
    return authenticate(database, settings, parse_bearer(authorization))


DeviceDep = Annotated[AuthenticatedDevice, Depends(current_device)]
