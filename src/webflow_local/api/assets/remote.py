"""Fetching a remote file for a CMS Image/MultiImage/File value (WEBFLOW_LOCAL_FETCH_REMOTE_FILES), through
the path webhook deliveries take: the guarded transport when private targets are refused, no redirects, the
webhook timeout, and the delivery header, so the control plane refuses the request whatever the URL spells."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx

from webflow_local.config import Settings
from webflow_local.outbound import targets
from webflow_local.outbound.signing import DELIVERY_HEADER


class Unusable(ValueError):
    """The file cannot be used: unreachable, refused, not 200, too large. The message says why."""


async def _get(url: str, settings: Settings, max_size: int) -> tuple[bytes, str]:
    transport = targets.GuardedTransport() if settings.webhook_block_private_targets else None
    if settings.webhook_block_private_targets and targets.has_userinfo(url):
        raise Unusable(targets.USERINFO_REFUSED)
    async with (httpx.AsyncClient(timeout=settings.webhook_timeout, trust_env=False, transport=transport,
                                  follow_redirects=False) as client, asyncio.timeout(settings.webhook_timeout),
                client.stream("GET", url, headers={DELIVERY_HEADER: "remote-file"}) as r):
        if r.status_code != 200:
            raise Unusable(f"the file at {url} could not be fetched (HTTP {r.status_code})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in r.aiter_bytes():
            size += len(chunk)
            if size > max_size:
                raise Unusable(f"the file at {url} is larger than {max_size} bytes")
            chunks.append(chunk)
        return b"".join(chunks), r.headers.get("content-type", "")


def fetch(url: str, settings: Settings, max_size: int) -> tuple[bytes, str]:
    """The bytes at `url` and their declared content type; raises Unusable. Runs its own event loop (on a
    helper thread when the caller is already inside one)."""
    def go() -> tuple[bytes, str]:
        try:
            return asyncio.run(_get(url, settings, max_size))
        except (TimeoutError, httpx.TimeoutException):
            raise Unusable(f"the file at {url} could not be fetched (timed out)") from None
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            why = targets.refusal_of(e) or type(e).__name__
            raise Unusable(f"the file at {url} could not be fetched ({why})") from None

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return go()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(go).result()
