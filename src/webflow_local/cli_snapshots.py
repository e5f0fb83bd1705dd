"""`webflow-local snapshot save|restore|list|delete`: the control plane's snapshots, on the database
directly (a running server sees a restore on its next request: the cache generation changes)."""

from __future__ import annotations

import typer

from webflow_local.cli_common import DB_OPT, JSON_OPT, _run, _valid

app = typer.Typer(no_args_is_help=True, help="Save the whole store under a name; restore, list, delete.")
NAME = typer.Argument(..., help="The snapshot's name (letters, digits, '.', '_', '-').")


@app.command("save")
def save(name: str = NAME,
         replace: bool = typer.Option(False, "--replace", help="Replace a snapshot of the same name."),
         database_url: str | None = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Save every table under NAME."""
    from webflow_local.api.snapshots import service
    from webflow_local.api.snapshots.schemas import SnapshotIn

    body = _valid(lambda: SnapshotIn(name=name, replace=replace), {"name": "NAME"})
    _run(database_url, as_json, lambda ctx: service.save(ctx, body))


@app.command("restore")
def restore(name: str = NAME, database_url: str | None = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Replace every table with the snapshot NAME."""
    from webflow_local.api.snapshots import service

    _run(database_url, as_json, lambda ctx: service.restore(ctx, name))


@app.command("list")
def list_(database_url: str | None = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """List the snapshots."""
    from webflow_local.api.snapshots import service

    _run(database_url, as_json, service.list_snapshots)


@app.command("delete")
def delete(name: str = NAME, database_url: str | None = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Delete the snapshot NAME."""
    from webflow_local.api.snapshots import service

    _run(database_url, as_json, lambda ctx: service.delete(ctx, name))
