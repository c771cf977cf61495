"""``POST /v1/enroll``: a desk trades its one-time code for a device token."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import ENROLL_PATH, PROTOCOL_VERSION, EnrollRequest, EnrollResponse
from sync.server.deps import DatabaseDep, ProtocolDep, SettingsDep
from sync.server.enroll import enroll_device
from sync.server.errors import error_responses

router = APIRouter(tags=["devices"])


@router.post(
    ENROLL_PATH,
    response_model=EnrollResponse,
    responses=error_responses(400, 403, 409, 422, 500, 503),
)
def enroll(
    request: EnrollRequest, _protocol: ProtocolDep, database: DatabaseDep, settings: SettingsDep
) -> EnrollResponse:
    token, device, certificate = enroll_device(database, settings, request)
    return EnrollResponse(
        token=token,
        device=device,
        protocol_version=PROTOCOL_VERSION,
        limits=settings.limits(),
        certificate=certificate.to_json(),
        organization_key=certificate.organization_key,
    )
