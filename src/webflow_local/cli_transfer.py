"""`webflow-local export`, `export-csv` and `import-csv`: worlds and CMS content in and out of the
database (no server needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from webflow_local.cli_common import DB_OPT, _error, _fail, _with_ctx, console


def export_csv(
    collection: str = typer.Argument(..., help="Collection id."),
    locale: str | None = typer.Option(None, "--locale", help="Locale tag (default: the site's primary)."),
    out: Path | None = typer.Option(None, "--out", help="Write to this file instead of stdout."),
    database_url: str | None = DB_OPT,
) -> None:
    """Write one collection's items in one locale as Webflow's CMS CSV."""
    from webflow_local.transfer.cms_csv import export_csv as run

    try:
        text: str = _with_ctx(database_url, lambda ctx: run(ctx, collection, locale))
    except Exception as e:
        _fail(e)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def import_csv(
    collection: str = typer.Argument(..., help="Collection id."),
    file: Path = typer.Argument(..., exists=True, readable=True, help="A CSV file in Webflow's CMS format."),
    database_url: str | None = DB_OPT,
) -> None:
    """Create or update a collection's items from Webflow's CMS CSV: every row valid, or nothing imported."""
    from webflow_local.transfer.cms_csv import CsvRejected
    from webflow_local.transfer.cms_csv import import_csv as run

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        _error(f"{file}: cannot read it as UTF-8 text: {e}")
    try:
        result = _with_ctx(database_url, lambda ctx: run(ctx, collection, text))
    except CsvRejected as e:
        for row in e.rows:
            console.print(f"{file}:{row['line']}: {'; '.join(row['problems'])}", soft_wrap=True, markup=False,
                          highlight=False)
        _error(f"{len(e.rows)} invalid row(s): nothing imported")
    except Exception as e:
        _fail(e)
    sys.stdout.write(f"imported {result['created']} new and {result['updated']} updated item(s)\n")


def export(
    out: Path = typer.Option(..., "--out", help="Directory to write seed.yaml into (created if absent)."),
    site: str | None = typer.Option(None, "--site", help="Only this site (and its workspace)."),
    database_url: str | None = DB_OPT,
) -> None:
    """Write the world (or one site), every family with its ids, in the seed format: `webflow-local seed
    DIR/seed.yaml` loads it again into an empty store."""
    import yaml

    from webflow_local.transfer.world import export_world

    try:
        data = _with_ctx(database_url, lambda ctx: export_world(ctx, site))
    except Exception as e:
        _fail(e)
    try:
        out.mkdir(parents=True, exist_ok=True)
        target = out / "seed.yaml"
        target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    except OSError as e:
        _error(f"{out}: cannot write the export: {e}")
    sys.stdout.write(f"{target}\n")
