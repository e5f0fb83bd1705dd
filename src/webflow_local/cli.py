"""The webflow-local command: serve, db upgrade, and the control plane (printing JSON with --json)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import typer
import yaml

from webflow_local import cli_clone, cli_snapshots, cli_transfer
from webflow_local.cli_certs import certs_app, check_tls
from webflow_local.cli_common import (
    DB_OPT,
    JSON_OPT,
    SCHEMES,
    _engine,
    _env_names,
    _error,
    _run,
    _settings,
    _valid,
    _with_ctx,
    console,
    out,
)
from webflow_local.config import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
app.add_typer(db_app, name="db")
app.add_typer(certs_app, name="certs")
# Commands kept in their own modules (they share cli_common's helpers, as this module does).
app.add_typer(cli_snapshots.app, name="snapshot")
app.command("export")(cli_transfer.export)
app.command("export-csv")(cli_transfer.export_csv)
app.command("import-csv")(cli_transfer.import_csv)
app.command("pull")(cli_clone.pull)
app.command("push")(cli_clone.push)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8080, help="Port to listen on."),
    database_url: str | None = DB_OPT,
    demo: bool = typer.Option(False, "--demo", help="Create the demo workspace, site and token if absent."),
    demo_token: str | None = typer.Option(None, envvar="WEBFLOW_LOCAL_DEMO_TOKEN",
                                          help="Fix the demo token's value (with --demo)."),
    workers: int = typer.Option(1, min=1, help="Server processes (PostgreSQL only)."),
    rate_limit: int | None = typer.Option(None, envvar="WEBFLOW_LOCAL_RATE_LIMIT", min=1,
                                          help="Requests per token per minute (default: no limit)."),
    admin_token: str | None = typer.Option(None, envvar="WEBFLOW_LOCAL_ADMIN_TOKEN",
                                           help="Token the control plane requires (default: loopback only)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
    no_migrate: bool = typer.Option(False, "--no-migrate",
                                    help="Do not migrate; refuse to start unless the schema is current "
                                         "(for several hosts sharing one database: run `db upgrade` once)."),
    pool_size: int | None = typer.Option(None, envvar="WEBFLOW_LOCAL_POOL_SIZE", min=1,
                                         help="Database connections kept per process (up to twice as many "
                                              "under load; default 10)."),
    header_timeout: float | None = typer.Option(None, envvar="WEBFLOW_LOCAL_HEADER_TIMEOUT", min=0.1,
                                                help="Seconds a request's headers may take (default 20)."),
    idle_timeout: float | None = typer.Option(None, envvar="WEBFLOW_LOCAL_IDLE_TIMEOUT", min=0.1,
                                              help="Seconds a request's body may stall (default 20)."),
    keep_alive_timeout: int | None = typer.Option(None, envvar="WEBFLOW_LOCAL_KEEP_ALIVE_TIMEOUT", min=1,
                                                  help="Seconds an idle kept-alive connection stays open "
                                                       "(default 65)."),
    max_connections: int | None = typer.Option(None, envvar="WEBFLOW_LOCAL_MAX_CONNECTIONS", min=1,
                                               help="Open connections per process; at the limit the one idle "
                                                    "the longest is closed (default 1000)."),
    access_log: str | None = typer.Option(None, envvar="WEBFLOW_LOCAL_ACCESS_LOG",
                                          help="Write a JSON access log line per request to stderr or a file."),
    tls_cert: str | None = typer.Option(None, envvar="WEBFLOW_LOCAL_TLS_CERT",
                                        help="Serve HTTPS with this PEM certificate (see `certs create`)."),
    tls_key: str | None = typer.Option(None, envvar="WEBFLOW_LOCAL_TLS_KEY", help="The key of --tls-cert."),
) -> None:
    """Start the server (runs pending migrations first, unless --no-migrate)."""
    from webflow_local import server
    from webflow_local.db import migrate
    from webflow_local.db.engine import is_sqlite, normalise_url

    scheme = check_tls(tls_cert, tls_key)
    settings = _settings(database_url)
    url = normalise_url(_checked_url(settings.database_url))
    if workers > 1 and is_sqlite(url):
        _error("--workers above 1 needs PostgreSQL: SQLite is the single-process default.")
    # The port first: on a port in use, nothing is migrated, minted or printed.
    sock = _bind(host, port)
    settings.database_url = url
    engine = _engine(settings, write=not no_migrate)
    try:
        _warn_pool_budget(engine, workers, pool_size or settings.pool_size)
    except Exception as e:
        sock.close()
        _error(f"cannot use the database {migrate.describe(engine)}: {e}")
    finally:
        engine.dispose()
    env = {"WEBFLOW_LOCAL_DATABASE_URL": url, "WEBFLOW_LOCAL_PUBLIC_URL": f"{scheme}://{host}:{port}"}
    if pool_size:
        env["WEBFLOW_LOCAL_POOL_SIZE"] = str(pool_size)
    if rate_limit:
        env["WEBFLOW_LOCAL_RATE_LIMIT"] = str(rate_limit)
    if admin_token:
        env["WEBFLOW_LOCAL_ADMIN_TOKEN"] = admin_token
    flags = {"HEADER_TIMEOUT": header_timeout, "IDLE_TIMEOUT": idle_timeout, "ACCESS_LOG": access_log,
             "KEEP_ALIVE_TIMEOUT": keep_alive_timeout, "MAX_CONNECTIONS": max_connections,
             "TLS_CERT": tls_cert, "TLS_KEY": tls_key}
    env.update({f"WEBFLOW_LOCAL_{k}": str(v) for k, v in flags.items() if v is not None})
    os.environ.update(env)
    if demo:
        from webflow_local.demo import banner, ensure_demo

        info = _with_ctx(url, lambda ctx: ensure_demo(ctx, demo_token), write=True)
        # Plain print: a banner is copied from, so no line is ever wrapped (a pipe, a narrow terminal).
        print(banner(info, f"{scheme}://{host}:{port}"), flush=True)
    # Before the workers start (they inherit it): idle sockets must not exhaust file descriptors.
    server.raise_fd_limit()
    config = server.server_config("webflow_local.app:app_from_env", _valid(Settings, _env_names()), factory=True,
                                  host=host,
                                  port=port, workers=workers, log_level=log_level)
    server.run(config, sockets=[sock])


def _checked_url(raw: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(raw)
    except ArgumentError:
        _error(f"--database-url / WEBFLOW_LOCAL_DATABASE_URL {raw!r} is not a database URL: {SCHEMES}")
    return raw


def _bind(host: str, port: int) -> Any:
    """The listening socket, bound now so that a port in use fails before anything else happens."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            _error(f"port {port} on {host} is already in use (another webflow-local?): stop it or pass --port N")
        _error(f"cannot listen on {host}:{port}: {e.strerror or e}")
    sock.set_inheritable(True)  # --workers: the spawned processes share it
    return sock


def _warn_pool_budget(engine: Any, workers: int, pool_size: int) -> None:
    """Warns when this host alone could open more connections than PostgreSQL admits (see docs/deployment.md)."""
    from webflow_local.db.engine import connection_budget

    budget = connection_budget(engine)
    peak = workers * 2 * pool_size
    if budget is not None and peak > budget:
        console.print(f"[yellow]warning:[/yellow] {workers} process(es) x up to {2 * pool_size} connections = {peak}, "
                      f"more than the {budget} PostgreSQL admits: lower --pool-size or --workers, or raise "
                      "max_connections (requests would wait, then fail, under load)", soft_wrap=True)


@db_app.command("upgrade")
def db_upgrade(database_url: str | None = DB_OPT) -> None:
    """Apply pending schema migrations."""
    from webflow_local.db import migrate

    engine = _engine(_settings(database_url), write=True)
    try:
        out.print(f"database {migrate.describe(engine)} at revision {migrate.current_revision(engine)}",
                  markup=False)
    finally:
        engine.dispose()


@app.command()
def workspaces(
    create: str | None = typer.Option(None, "--create", help="Create a workspace with this display name."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """List workspaces, or create one."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import WorkspaceIn

    if create:
        body = _valid(lambda: WorkspaceIn(display_name=create), {"display_name": "--create"})
        _run(database_url, as_json, lambda ctx: service.create_workspace(ctx, body), write=True)
    else:
        _run(database_url, as_json, service.list_workspaces)


@app.command()
def sites(
    create: str | None = typer.Option(None, "--create", help="Create a site with this display name."),
    workspace: str | None = typer.Option(None, help="Workspace id or slug for --create."),
    locale: list[str] = typer.Option([], help="TAG=Display Name; the first is primary (default en=English)."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """List sites, or create one with its locales."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import SiteIn

    if not create:
        _run(database_url, as_json, service.list_sites)
        return
    locs = [{"tag": t.split("=", 1)[0], "displayName": t.split("=", 1)[-1]} for t in locale] or [
        {"tag": "en", "displayName": "English"}]
    body = _valid(lambda: SiteIn.model_validate({"displayName": create, "workspaceId": workspace,
                                                 "locales": {"primary": locs[0], "secondary": locs[1:]}}),
                  {"displayName": "--create", "workspaceId": "--workspace", "locales": "--locale"})
    _run(database_url, as_json, lambda ctx: service.create_site(ctx, body), write=True)


@app.command()
def locales(
    site: str = typer.Argument(..., help="Site id."),
    add: str | None = typer.Option(None, help="Add a secondary locale: TAG=Display Name."),
    subdirectory: str | None = typer.Option(None, help="Subdirectory for --add."),
    disable: str | None = typer.Option(None, help="Disable the locale with this id or cmsLocaleId."),
    enable: str | None = typer.Option(None, help="Enable the locale with this id or cmsLocaleId."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Add, disable or enable a site's locales."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import LocaleIn, LocalePatch

    if add:
        tag, _, name = add.partition("=")
        body = _valid(lambda: LocaleIn(tag=tag, display_name=name or tag, subdirectory=subdirectory),
                      {"tag": "--add", "display_name": "--add", "subdirectory": "--subdirectory"})
        _run(database_url, as_json, lambda ctx: service.add_locale(ctx, site, body), write=True)
    elif disable or enable:
        ref = disable or enable or ""
        _run(database_url, as_json,
             lambda ctx: service.patch_locale(ctx, site, ref, LocalePatch(enabled=bool(enable))), write=True)
    else:
        _run(database_url, as_json, lambda ctx: service.get_site(ctx, site)["locales"])


@app.command()
def tokens(
    create: bool = typer.Option(False, "--create", help="Create a token."),
    site: str | None = typer.Option(None, help="Site id: a site token (else a workspace token)."),
    workspace: str | None = typer.Option(None, help="Workspace id or slug for a workspace token."),
    scopes: str = typer.Option("all", help="Comma-separated scopes, or all."),
    value: str | None = typer.Option(None, help="A fixed token value."),
    revoke: str | None = typer.Option(None, help="Revoke the token with this id."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """List, create or revoke API tokens (values are shown once)."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import TokenIn

    if revoke:
        _run(database_url, as_json, lambda ctx: service.revoke_token(ctx, revoke), write=True)
    elif create:
        body = _valid(lambda: TokenIn(site_id=site, workspace_id=workspace, scopes=scopes, value=value),
                      {"site_id": "--site", "workspace_id": "--workspace", "scopes": "--scopes", "value": "--value"})
        _run(database_url, as_json, lambda ctx: service.create_token(ctx, body), write=True)
    else:
        _run(database_url, as_json, service.list_tokens)


@app.command()
def reset(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (for scripts)."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Wipe all state (asks first on a terminal; --yes for scripts)."""
    from webflow_local.admin import service

    if not yes:
        where = _describe_url(_settings(database_url).database_url)
        if not sys.stdin.isatty():
            _error(f"reset wipes every workspace, site and token in {where}: pass --yes to confirm")
        if not typer.confirm(f"Wipe every workspace, site and token in {where}?", err=True):
            _error("reset cancelled; nothing was changed")
    _run(database_url, as_json, service.reset, write=True)


def _describe_url(raw: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(raw).render_as_string(hide_password=True)
    except ArgumentError:
        return raw


@app.command()
def seed(
    file: Path = typer.Argument(..., exists=True, readable=True, help="A JSON or YAML seed file."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Load workspaces, sites, locales, collections, items and tokens from a file."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import SeedIn

    try:
        data = yaml.safe_load(file.read_text())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        _error(f"{file}: not a JSON or YAML file: {e}")
    body = _valid(lambda: SeedIn.model_validate(data))
    _run(database_url, as_json, lambda ctx: service.seed(ctx, body), write=True)


@app.command()
def clock(
    freeze: bool = typer.Option(False, "--freeze", help="Stop the clock at the current time."),
    unfreeze: bool = typer.Option(False, "--unfreeze", help="Let the clock run again."),
    at: str | None = typer.Option(None, help="Set the time (ISO-8601); frozen unless --unfreeze."),
    advance: float | None = typer.Option(None, help="Move the clock forward by this many seconds."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Show or set the server clock."""
    from webflow_local.admin import service
    from webflow_local.admin.schemas import ClockIn

    if not (freeze or unfreeze or at or advance):
        _run(database_url, as_json, service.get_clock)
        return
    body = _valid(lambda: ClockIn(freeze=True if freeze else (False if unfreeze else None), at=at,
                                  advance_seconds=advance), {"at": "--at", "advance_seconds": "--advance"})
    _run(database_url, as_json, lambda ctx: service.set_clock(ctx, body), write=True)


@app.command()
def worker(
    database_url: str | None = DB_OPT,
    retry_delay: float | None = typer.Option(None, envvar="WEBFLOW_LOCAL_WEBHOOK_RETRY_DELAY", min=0,
                                             help="Seconds between delivery attempts (default 600)."),
    timeout: float | None = typer.Option(None, envvar="WEBFLOW_LOCAL_WEBHOOK_TIMEOUT", min=0.1,
                                         help="Seconds a receiver gets to answer (default 10)."),
) -> None:
    """Deliver webhooks from the database until interrupted (beside or instead of the servers' own
    dispatchers: each delivery is claimed by one process)."""
    from webflow_local.api.webhooks.dispatcher import run_worker
    from webflow_local.db import migrate
    from webflow_local.db.engine import make_oneshot_engine

    settings = _settings(database_url)
    if retry_delay is not None:
        settings.webhook_retry_delay = retry_delay
    if timeout is not None:
        settings.webhook_timeout = timeout
    engine = make_oneshot_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    run_worker(settings)


def main() -> None:
    app()
