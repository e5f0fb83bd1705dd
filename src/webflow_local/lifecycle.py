"""Background work started with the server (webhook delivery) and stopped with it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from webflow_local.runtime import Runtime

BackgroundStarter = Callable[[Runtime], Awaitable[list[asyncio.Task[None]]]]
STARTERS: list[BackgroundStarter] = []


async def startup_background(runtime: Runtime) -> list[asyncio.Task[None]]:
    tasks: list[asyncio.Task[None]] = []
    for start in STARTERS:
        tasks += await start(runtime)
    return tasks


async def stop_background(tasks: list[asyncio.Task[None]]) -> None:
    for t in tasks:
        t.cancel()
    for t in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await t


def _register_starters() -> None:
    # Imported here: the webhooks package registers its events sink on import.
    from webflow_local.webhooks.dispatcher import start as start_webhook_dispatcher

    if start_webhook_dispatcher not in STARTERS:
        STARTERS.append(start_webhook_dispatcher)


_register_starters()
