"""Settings, read from WEBFLOW_LOCAL_* environment variables and overridden by CLI flags."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./webflow-local.sqlite3"
# The limit reported (not enforced) when none is configured: Webflow's CMS plan (webflow-behavior.md section 4).
DEFAULT_RATE_LIMIT = 120


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
    # Refuse webhook targets on loopback, private, link-local and metadata addresses and URLs with
    # user:pass@ (off by default: a local emulator's receivers are usually local).
    webhook_block_private_targets: bool = False
    # Deactivate a webhook after this many deliveries in a row failed for good; 0 = never.
    webhook_deactivate_after: int = Field(default=10, ge=0)
    demo_token: str | None = None
    # Signs the assets' upload policies (HMAC-SHA256, as S3's presigned POST). Unset: a random secret kept in
    # the database, shared by every process on it.
    upload_secret: str | None = None
    # CMS Image/MultiImage/File values with a remote URL: recorded as given (off), or fetched into the site's
    # assets (on), through the same guarded path as webhook deliveries.
    fetch_remote_files: bool = False
    pool_size: int = 10
    public_url: str = "http://127.0.0.1:8080"
    # Host names the control plane answers to besides loopback and public_url's host (e.g. a container's
    # name), comma-separated. A plain string: pydantic-settings would read a list from the env as JSON.
    allowed_hosts: str = ""
    # Connections (see docs/deployment.md): a request's headers must arrive within header_timeout; a request
    # whose body stops arriving for idle_timeout is dropped; kept-alive connections close after
    # keep_alive_timeout (above common clients' own 5 s, so they never reuse one the server is closing).
    header_timeout: float = Field(default=20.0, gt=0)
    idle_timeout: float = Field(default=20.0, gt=0)
    keep_alive_timeout: int = Field(default=65, ge=1)
    # Per process; at the limit a new connection displaces the one idle the longest.
    max_connections: int = Field(default=1000, ge=1)
    # JSON access log lines: "stderr" or a file path; unset = no access log.
    access_log: str | None = None
    # HTTPS: a PEM certificate (chain) and its key, e.g. from `webflow-local certs create`; unset = plain HTTP.
    tls_cert: str | None = None
    tls_key: str | None = None
    # SQLite's synchronous pragma in WAL mode: "normal" survives a process crash, "full" also power loss.
    sqlite_synchronous: Literal["normal", "full"] = "normal"
    # Where Webflow's OpenAPI files (webflow-v2.yml, webflow-v2-beta.yml) are: served at /openapi/v2.yml and
    # /openapi/beta.yml, and the contract the tests check responses against. Unset: ../shared/spec beside the clone.
    spec_dir: str | None = None
    # The request journal (GET /_admin/requests): entries kept (0 turns it off), bytes kept of each request
    # and answer body, seconds between two writes of a process's buffered entries.
    journal_max_entries: int = Field(default=1000, ge=0)
    journal_body_bytes: int = Field(default=4096, ge=0)
    journal_flush_interval: float = Field(default=0.05, gt=0, le=5)
