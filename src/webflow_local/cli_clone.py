"""`webflow-local pull` and `push` (webflow_local.clone), registered by cli.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from webflow_local.cli_common import DB_OPT, JSON_OPT, _engine, _error, _print, _settings, console


@contextmanager
def _store(database_url: str | None) -> Iterator[tuple[Any, Any]]:
    """The local database (migrated, as for every writing command) and a runtime over it, for a command that
    runs many transactions."""
    from webflow_local.runtime import Runtime

    settings = _settings(database_url)
    engine = _engine(settings, write=True)
    try:
        yield engine, Runtime.create(settings, engine)
    finally:
        engine.dispose()


@contextmanager
def _bar(quiet: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    """A rich progress bar on stderr; the callback pull and push report to."""
    if quiet:
        yield lambda what, done, total: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as bar:
        task = bar.add_task("starting", total=None)

        def report(what: str, done: int, total: int | None) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield report


FROM_OPT = typer.Option(..., "--from", help="The API to copy from: https://api.webflow.com/v2 or a server root.")
TOKEN_OPT = typer.Option(..., "--token", envvar="WEBFLOW_TOKEN", help="An API token of the source/target site.")
SITE_OPT = typer.Option(..., "--site", help="The site id.")


def pull(
    source: str = FROM_OPT, token: str = TOKEN_OPT, site: str = SITE_OPT,
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Copy a site (locales, collections, fields, items in every locale, staged and live, then pages,
    components, custom code, forms, comments, assets, fonts, site configuration and ecommerce) into the local
    store, with the source's ids; resumes an interrupted pull of the same site. Webhooks are not copied."""
    from webflow.core.api_error import ApiError

    from webflow_local.clone.pull import Puller, PullError
    from webflow_local.clone.remote import RemoteRead, api_base, connect

    sdk, throttle = connect(source, token)
    read = RemoteRead(source, token, throttle)
    with _store(database_url) as (engine, runtime), _bar(as_json) as progress:
        try:
            report = Puller(engine, runtime, sdk, throttle, read, api_base(source), site, progress).run()
        except PullError as e:
            _error(str(e))
        except ApiError as e:
            _error(f"{source} answered {e.status_code}: {e.body}")
        except KeyboardInterrupt:
            console.print("interrupted: run the same command again to resume")
            raise typer.Exit(130) from None
    _print(report.dump(), as_json)


def push(
    target: str = typer.Option(..., "--to", help="The API to send to: https://api.webflow.com/v2 or a server root."),
    token: str = TOKEN_OPT,
    site: str = typer.Option(..., "--site", help="The target site id."),
    local_site: str | None = typer.Option(None, "--local-site",
                                          help="The local site to send (default: the one with the target's id)."),
    database_url: str | None = DB_OPT, as_json: bool = JSON_OPT,
) -> None:
    """Send the local store's collections, fields and items (translations included, live ones published) to
    a site; ids are mapped, and a re-run sends only what changed."""
    from webflow.core.api_error import ApiError

    from webflow_local.clone.push import Pusher, PushError
    from webflow_local.clone.remote import connect

    sdk, throttle = connect(target, token)
    with _store(database_url) as (engine, runtime), _bar(as_json) as progress:
        try:
            report = Pusher(engine, runtime, sdk, throttle, target, local_site or site, site, progress).run()
        except PushError as e:
            _error(str(e))
        except ApiError as e:
            _error(f"{target} answered {e.status_code}: {e.body}")
    _print(report.dump(), as_json)
