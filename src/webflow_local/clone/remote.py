"""The official SDK pointed at any Data API base URL, over a transport that keeps within the rate limit:
it waits when `X-RateLimit-Remaining` reaches zero, honours a 429's `Retry-After`, and retries 5xx answers
and dropped connections with a growing delay."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from webflow import Webflow
from webflow.environment import WebflowEnvironment

from webflow_local.kit.reading import ReadRefused
from webflow_local.outbound.targets import is_blocked, literal_address, refused_message

RETRYABLE = frozenset({429, 500, 502, 503, 504})
WINDOW_SECONDS = 60.0  # Webflow counts requests per minute
MAX_ATTEMPTS = 8
MAX_BACKOFF = 30.0


@dataclass
class Throttle:
    """The pacing state, shared by every request of one client. `sleep` and `clock` are replaceable (tests
    advance a frozen server clock instead of sleeping)."""

    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    remaining: int | None = None
    window_started: float | None = None
    requests: int = 0
    waited: float = 0.0
    retries: dict[int, int] = field(default_factory=dict)  # status (0: connection error) -> retries

    def before(self) -> None:
        """Waits out the window when the last answer said no request is left in it."""
        if self.remaining is not None and self.remaining <= 0:
            started = self.window_started if self.window_started is not None else self.clock()
            self.pause(max(0.5, WINDOW_SECONDS - (self.clock() - started)))
            self.remaining, self.window_started = None, None

    def after(self, response: httpx.Response) -> None:
        self.requests += 1
        try:
            remaining = int(response.headers["x-ratelimit-remaining"])
            limit = int(response.headers["x-ratelimit-limit"])
        except (KeyError, ValueError):
            return
        # The window began when the count went back up (or with the first request of a fresh window).
        if self.window_started is None or (self.remaining is not None and remaining > self.remaining) \
                or remaining == limit - 1:
            self.window_started = self.clock()
        self.remaining = remaining

    def pause(self, seconds: float) -> None:
        self.waited += seconds
        self.sleep(seconds)


def retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("retry-after", "1")))
    except ValueError:
        return 1.0


class ThrottledTransport(httpx.BaseTransport):
    def __init__(self, throttle: Throttle, inner: httpx.BaseTransport | None = None) -> None:
        self.throttle = throttle
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        t = self.throttle
        for attempt in range(MAX_ATTEMPTS):
            last = attempt == MAX_ATTEMPTS - 1
            t.before()
            try:
                response = self.inner.handle_request(request)
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError):
                if last:
                    raise
                t.retries[0] = t.retries.get(0, 0) + 1
                t.pause(min(MAX_BACKOFF, 0.25 * 2**attempt))
                continue
            t.after(response)
            if response.status_code not in RETRYABLE or last:
                return response
            response.read()
            response.close()
            t.retries[response.status_code] = t.retries.get(response.status_code, 0) + 1
            if response.status_code == 429:
                t.remaining = None  # the wait is Retry-After's, not the window's
                t.pause(retry_after(response) or 1.0)
            else:
                t.pause(min(MAX_BACKOFF, 0.25 * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.inner.close()


def api_base(base_url: str) -> str:
    """The Data API root: `https://api.webflow.com/v2` as given, or a server root (`http://127.0.0.1:8080`)."""
    base = base_url.rstrip("/")
    return base if base.endswith("/v2") else f"{base}/v2"


def connect(base_url: str, token: str, throttle: Throttle | None = None,
            hooks: list[Callable[[httpx.Response], Any]] | None = None) -> tuple[Webflow, Throttle]:
    t = throttle or Throttle()
    base = api_base(base_url)
    env = WebflowEnvironment(base=base, data_api=base, content_delivery_api=base)
    client = httpx.Client(transport=ThrottledTransport(t), timeout=60,
                          event_hooks={"response": list(hooks or [])})
    # The SDK's own retries are off: the transport retries, within the limit.
    return Webflow(access_token=token, environment=env, httpx_client=client), t


NO_RETRY: dict[str, Any] = {"max_retries": 0}


class RemoteRead:
    """kit.reading.ApiRead on another server, paced by the same throttle as the SDK: the families' exports
    read the source through it (`pull`). Downloads of hosted files go without the token unless they are the
    source's own URLs."""

    def __init__(self, base_url: str, token: str, throttle: Throttle) -> None:
        self.root = api_base(base_url).removesuffix("/v2")
        self.auth = {"Authorization": f"Bearer {token}"}
        self.client = httpx.Client(transport=ThrottledTransport(throttle), timeout=60, follow_redirects=True)
        # Reads the source refused for the token or plan ("GET /v2/sites/…/robots_txt (403)"): a family
        # may leave such a part out and go on, and the pull's report names them.
        self.refused: list[str] = []

    def get(self, path: str, **query: str) -> Any:
        r = self.client.get(self.root + path, params=query, headers=self.auth)
        if r.status_code in (401, 403):  # (a 409 says a family is not enabled there: nothing to copy)
            self.refused.append(f"GET {path} ({r.status_code})")
        if r.status_code >= 400:
            body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
            raise ReadRefused(r.status_code, str(body.get("code", "")), str(body.get("message", r.text[:200])))
        return r.json() if r.content else None

    def download(self, url: str) -> bytes:
        own = url.startswith(self.root + "/")
        host = httpx.URL(url).host
        address = literal_address(host)
        if not own and (host == "localhost" or (address is not None and is_blocked(address))):
            # A file elsewhere on this machine or network is not the source's to hand out.
            raise ReadRefused(403, "download_refused", f"{url}: {refused_message(host)}")
        try:
            r = self.client.get(url, headers=self.auth if own else {})
        except httpx.TransportError as e:  # a host that does not answer (past the retries): the file is not there
            raise ReadRefused(502, "download_failed", f"{url}: {e}") from None
        if r.status_code >= 400:
            raise ReadRefused(r.status_code, "download_failed", f"{url} answered {r.status_code}")
        return r.content

    def close(self) -> None:
        self.client.close()
