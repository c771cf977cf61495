"""``GET /v1/device``: who the token belongs to (lets a desk check its enrollment)."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import DEVICE_PATH, DeviceInfo
from sync.server.deps import DeviceDep
from sync.server.errors import AUTHENTICATED, error_responses

router = APIRouter(tags=["devices"])


@router.get(DEVICE_PATH, response_model=DeviceInfo, responses=error_responses(*AUTHENTICATED))
def whoami(device: DeviceDep) -> DeviceInfo:
    return DeviceInfo(
        device_id=device.device_id,
        label=device.label,
        organization_id=device.organization_id,
        organization_name=device.organization_name,
    )
