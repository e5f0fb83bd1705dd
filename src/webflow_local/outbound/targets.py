"""Which webhook targets may be reached, when the operator refuses private ones
(settings.webhook_block_private_targets).

Refused then: URLs with user:pass@, and any address that is loopback, private, link-local, multicast,
reserved, unspecified, shared (100.64/10), a cloud metadata address, or an IPv6 form embedding one of those
(IPv4-mapped, IPv4-compatible, 6to4, NAT64). Registration refuses what the URL spells literally; every
delivery attempt resolves the host itself and connects to the very address it checked (GuardedBackend), so
DNS cannot answer one thing to the check and another to the connection."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import unquote, urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
SocketOption = httpcore.SOCKET_OPTION

# Cloud metadata and host services not all covered by the ranges below (Azure's is a public address).
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "168.63.129.16", "100.100.100.200", "192.0.0.192",
    "fd00:ec2::254", "fd00:ec2::23",
))
SHARED = ipaddress.ip_network("100.64.0.0/10")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# What inet_aton reads as IPv4 (decimal 2130706433, 0x7f.1, 0177.1), as the resolver would.
LEGACY_IPV4 = re.compile(r"^[0-9a-fx.]+$")
USERINFO_REFUSED = "target URL must not contain user:pass@"


def refused_message(address: str) -> str:
    return f"target address {address} is not allowed"


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in net for net in NAT64) or (ip in IPV4_COMPATIBLE and int(ip) > 0xFFFF):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_blocked(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_blocked(ip.ipv4_mapped)
        if ip in NAT64[0]:  # the well-known NAT64 prefix reaches the IPv4 address it embeds, and only that
            return is_blocked(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        inner = _embedded_v4(ip)
        if inner is not None and is_blocked(inner):
            return True
    return (ip in METADATA or not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
            or ip.is_multicast or ip.is_reserved or ip.is_unspecified
            or (isinstance(ip, ipaddress.IPv4Address) and ip in SHARED))


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host spells literally (in any form a resolver accepts), else None."""
    host = unquote(host).rstrip(".").lower()
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if LEGACY_IPV4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def has_userinfo(url: str) -> bool:
    return "@" in urlsplit(url).netloc


def registration_problem(url: str) -> str | None:
    """Why a URL may not be registered while private targets are refused, or None."""
    if has_userinfo(url):
        return USERINFO_REFUSED
    host = urlsplit(url).hostname or ""
    ip = literal_address(host)
    if ip is not None and is_blocked(ip):
        return refused_message(str(ip))
    return None


async def resolve(host: str, port: int) -> list[str]:
    """Every address of host, in the resolver's order (module-level, so tests may replace it)."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class TargetRefused(httpcore.ConnectError):
    """An attempt the policy stopped before connecting (httpx re-raises it as ConnectError, cause kept)."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, refuses if any address is blocked, then connects to a checked address. TLS still names
    the URL's host (httpcore passes it to start_tls), and so does the Host header."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None, resolver: Resolver | None = None,
                 blocked: Callable[[IPAddress], bool] = is_blocked) -> None:
        self._inner = inner or httpcore.AnyIOBackend()
        self._resolver = resolver
        self._blocked = blocked

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = await (self._resolver or resolve)(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        for address in addresses:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError:
                raise TargetRefused(refused_message(address)) from None
            if self._blocked(ip):
                raise TargetRefused(refused_message(address))
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        assert error is not None
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        raise TargetRefused("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with GuardedBackend underneath. httpx offers no parameter for the network backend,
    so the pool it built is replaced by one with the same settings and ours."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend | None = None) -> None:
        super().__init__(trust_env=False)
        context: ssl.SSLContext = httpx.create_ssl_context(trust_env=False)
        # httpx's default limits.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context, max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0,
            network_backend=backend or GuardedBackend(),
        )


def refusal_of(error: BaseException) -> str | None:
    """The policy's message when an httpx error was a refused target."""
    cause = error.__cause__
    return str(cause) if isinstance(cause, TargetRefused) else None
