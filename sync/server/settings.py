"""Server settings, from arguments or ``CIVODESK_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.protocol import MAX_DECOMPRESSED_BYTES, ServerLimits


def default_database_url() -> str:
    """A SQLite file in the user's data directory: enough to try the server on one machine."""
    return f"sqlite:///{Path(user_data_dir('CivoDeskServer')) / 'civodesk-server.db'}"


class ServerSettings(BaseSettings):
    """Everything a server process needs; identical on every process behind a load balancer."""

    model_config = SettingsConfigDict(env_prefix="CIVODESK_", extra="ignore")

    database_url: str = default_database_url()
    max_request_bytes: int = 8 * 1024 * 1024
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_batch_events: int = 5000
    max_pull_limit: int = 5000
    rate_per_second: float = 20.0
    rate_burst: int = 120
    pull_compression_level: int = 3
    database_pool_size: int = 10

    def limits(self) -> ServerLimits:
        return ServerLimits(
            max_request_bytes=self.max_request_bytes,
            max_decompressed_bytes=self.max_decompressed_bytes,
            max_batch_events=self.max_batch_events,
            max_pull_limit=self.max_pull_limit,
            rate_per_second=self.rate_per_second,
            rate_burst=self.rate_burst,
        )
