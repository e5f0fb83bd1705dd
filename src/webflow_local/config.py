"""Settings, read from WEBFLOW_LOCAL_* environment variables and overridden by CLI flags."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./webflow-local.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEBFLOW_LOCAL_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # When unset, the control plane answers loopback clients only.
    admin_token: str | None = None
    max_body_bytes: int = 4 * 1024 * 1024
    # Requests per token per minute; None means no limit (Webflow's plans use 60 and 120).
    rate_limit: int | None = Field(default=None, ge=1)
    # Webflow allows one successful site publish per minute.
    publish_interval_seconds: int = 60
    webhook_retry_delay: float = 600.0
    webhook_timeout: float = 10.0
    # Deliver webhooks from the server process; `webflow-local worker` can do it instead.
    webhook_dispatcher: bool = True
    demo_token: str | None = None
    pool_size: int = 10
    public_url: str = "http://127.0.0.1:8080"
