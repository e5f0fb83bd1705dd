"""The control plane's front door: one pure ASGI middleware in front of every path under /_admin, so no
route can forget it. A web page open in a developer's browser must not be able to drive or read the
control plane, and no webhook delivery may reach it except the built-in receiver. In this order:

1. Host: a loopback name or address, public_url's host, or one of WEBFLOW_LOCAL_ALLOWED_HOSTS (DNS
   rebinding: a page whose name now resolves to 127.0.0.1 still sends its own name). 400 when missing or
   malformed, 403 when not allowed.
2. A webhook delivery (signing.DELIVERY_HEADER) reaches only POST /_admin/sinks/{name}: 403.
3. Origin, when sent, is this server's own (and Sec-Fetch-Site is not cross-site): 403.
4. POST/PUT/PATCH/DELETE carry Content-Type: application/json (415) and a JSON body (400): a cross-site
   page cannot send that without a CORS preflight, and the server never grants one.

The token / loopback-client rule (guard() in admin/routes.py) runs after this, in the routes."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webflow_local.config import Settings
from webflow_local.errors import BadRequest, Forbidden, UnsupportedMediaType, WebflowError
from webflow_local.kit.wire import json_response
from webflow_local.outbound.signing import DELIVERY_HEADER

PREFIX = "/_admin"
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# The one route a webhook delivery may reach: exactly one path segment after /sinks/.
SINK_PATH = re.compile(r"/_admin/sinks/([^/]+)")
# host = reg-name / IPv4 / "[" IPv6 "]", then an optional port (RFC 9110 7.2), ASCII only.
HOST_PORT = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9_.-]+))(?::(?P<port>[0-9]{0,5}))?")

Origin = tuple[str, str, int | None]  # scheme, host name, port (None: the scheme's default)


def split_host(value: str) -> tuple[str, int | None] | None:
    """(host name lowercased without brackets, port) of a Host header or an origin's authority; None when
    malformed."""
    m = HOST_PORT.fullmatch(value.strip().lower())
    if m is None:
        return None
    name = m.group("v6") or m.group("name")
    if m.group("v6"):
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
    elif name.startswith(".") or ".." in name:
        return None
    port = m.group("port")
    return name, int(port) if port else None


def is_loopback(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True  # browsers resolve *.localhost to loopback themselves (RFC 6761)
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def configured_hosts(settings: Settings) -> frozenset[str]:
    """public_url's host and WEBFLOW_LOCAL_ALLOWED_HOSTS; a malformed entry stops the server at start."""
    out = set()
    public = urlsplit(settings.public_url).netloc.rpartition("@")[2]
    parsed = split_host(public)
    if parsed is not None:
        out.add(parsed[0])
    for entry in (e.strip() for e in settings.allowed_hosts.split(",")):
        if not entry:
            continue
        host = split_host(entry)
        if host is None:
            raise ValueError(f"WEBFLOW_LOCAL_ALLOWED_HOSTS: {entry!r} is not a host name")
        out.add(host[0])
    return frozenset(out)


def origin_of(scheme: str, authority: str) -> Origin | None:
    host = split_host(authority)
    if host is None or scheme not in DEFAULT_PORTS:
        return None
    name, port = host
    return scheme, name, None if port == DEFAULT_PORTS[scheme] else port


def parse_origin(value: str) -> Origin | None:
    """An Origin header's (scheme, host, port); None for `null` and anything that is not a bare origin."""
    scheme, sep, authority = value.strip().lower().partition("://")
    if not sep or "/" in authority or "@" in authority:
        return None
    return origin_of(scheme, authority)


def is_json_media_type(content_type: str | None) -> bool:
    return content_type is not None and content_type.split(";", 1)[0].strip().lower() == "application/json"


def route_path(scope: Scope) -> str:
    """The path the router matches: without root_path, as Starlette strips it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root + "/") else path


def is_admin_path(scope: Scope) -> bool:
    # Both the full path and the router's, so neither spelling slips by.
    return any(p == PREFIX or p.startswith(PREFIX + "/") for p in (scope["path"], route_path(scope)))


def is_sink_delivery(method: str, path: str) -> bool:
    m = SINK_PATH.fullmatch(path)
    return method == "POST" and m is not None and m.group(1) not in {".", ".."}


class ControlPlaneGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = configured_hosts(settings)
        public = urlsplit(settings.public_url)
        self.public_origin = origin_of(public.scheme.lower(), public.netloc.rpartition("@")[2])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_admin_path(scope):
            await self.app(scope, receive, send)
            return
        problem = self.refusal(scope, Headers(scope=scope))
        if problem is None and scope["method"] in STATE_CHANGING:
            try:
                body = await read_body(receive)
            except WebflowError as e:  # 413 from the body cap of WireMiddleware, which runs outside this
                problem = e
            else:
                if body is None:
                    return  # the client went away: nobody to answer
                problem = json_body_problem(body)
                receive = replay(body, receive)
        if problem is not None:
            await json_response(problem.body(), problem.status, problem.headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope, headers: Headers) -> WebflowError | None:
        """Everything decided from the request line and headers, in the documented order."""
        hosts = headers.getlist("host")
        host = split_host(hosts[0]) if len(hosts) == 1 else None
        if host is None:
            return BadRequest("Bad Request: the Host header is missing or malformed")
        if not (is_loopback(host[0]) or host[0] in self.hosts):
            return Forbidden(f"The control plane does not answer for host {host[0]!r}: use a loopback address, "
                             "or add the name to WEBFLOW_LOCAL_ALLOWED_HOSTS")
        if DELIVERY_HEADER in headers and not is_sink_delivery(scope["method"], route_path(scope)):
            return Forbidden("Webhook deliveries cannot reach the control plane (only POST /_admin/sinks/{name})")
        own = {origin_of(scope.get("scheme", "http"), hosts[0]), self.public_origin}
        cross_site = headers.get("sec-fetch-site", "").strip().lower() == "cross-site"
        if cross_site or not self.same_origin(headers.getlist("origin"), own):
            return Forbidden("The control plane refuses cross-origin requests: Origin must be this server's own")
        if scope["method"] in STATE_CHANGING and not is_json_media_type(headers.get("content-type")):
            return UnsupportedMediaType("Unsupported Media Type: control-plane requests that change state send "
                                        "Content-Type: application/json and a JSON body ({} when there is "
                                        "nothing to say)")
        return None

    @staticmethod
    def same_origin(given: Iterable[str], own: set[Origin | None]) -> bool:
        """No Origin (a script, curl, a same-origin GET) is fine; `null` or anyone else's is not."""
        return all((o := parse_origin(value)) is not None and o in own for value in given)


async def read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnected first."""
    chunks = []
    while True:
        msg = await receive()
        if msg["type"] == "http.disconnect":
            return None
        chunks.append(msg.get("body", b""))
        if not msg.get("more_body", False):
            return b"".join(chunks)


def json_body_problem(body: bytes) -> WebflowError | None:
    if not body.strip():
        return BadRequest(details=[{"param": "body", "description": "A JSON body is required ({} when there is "
                                                                     "nothing to say)"}])
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError:
        return BadRequest(details=[{"param": "body", "description": "Malformed JSON"}])
    return None


def replay(body: bytes, receive: Receive) -> Receive:
    """Hands the buffered body to the app once, then the real channel (so disconnects still arrive)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again
