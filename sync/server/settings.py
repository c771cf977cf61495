"""Server settings, from arguments or ``CIVODESK_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.protocol import MAX_DECOMPRESSED_BYTES, ServerLimits


def default_database_url() -> str:
    """A SQLite file in the user's data directory: enough to try the server on one machine."""
    return f"sqlite:///{Path(user_data_dir('CivoDeskServer')) / 'civodesk-server.db'}"


class ServerSettings(BaseSettings):
    """Everything a server process needs; identical on every process behind a load balancer."""

    model_config = SettingsConfigDict(env_prefix="CIVODESK_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    max_request_bytes: int = Field(default=8 * 1024 * 1024, gt=0)
    max_decompressed_bytes: int = Field(default=MAX_DECOMPRESSED_BYTES, gt=0)
    max_batch_events: int = Field(default=5000, gt=0)
    max_pull_limit: int = Field(default=5000, gt=0)
    rate_per_second: float = Field(default=20.0, gt=0)
    rate_burst: int = Field(default=120, gt=0)
    pull_compression_level: int = Field(default=3, ge=1, le=22)
    database_pool_size: int = Field(default=10, gt=0)

    def limits(self) -> ServerLimits:
        return ServerLimits(
            max_request_bytes=self.max_request_bytes,
            max_decompressed_bytes=self.max_decompressed_bytes,
            max_batch_events=self.max_batch_events,
            max_pull_limit=self.max_pull_limit,
            rate_per_second=self.rate_per_second,
            rate_burst=self.rate_burst,
        )
