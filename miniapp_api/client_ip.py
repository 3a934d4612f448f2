"""Who the client is and whether it came over TLS, behind a TLS-terminating reverse proxy.

Behind nginx, the connection comes from the proxy; X-Forwarded-For and X-Forwarded-Proto say who
the client is and which scheme it used. Anyone can send those headers, so they count only on a
connection from one of `[server] trusted_proxies` (default: none). Every per-address limit and
the console cookie's Secure flag ask here, so the rule lives in one place.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

from aiohttp import web

from core.appkeys import SETTINGS


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def _is_proxy(request: web.Request, text: str | None) -> bool:
    address = _address(text or "")
    networks = request.app[SETTINGS].server.trusted_proxies
    return address is not None and any(address in network for network in networks)


def _values(request: web.Request, header: str) -> list[str]:
    joined = ",".join(request.headers.getall(header, []))
    return [value.strip() for value in joined.split(",") if value.strip()]


def from_trusted_proxy(request: web.Request) -> bool:
    return _is_proxy(request, request.remote)


def client_ip(request: web.Request) -> str:
    remote = request.remote or "unknown"
    if not from_trusted_proxy(request):
        return remote
    # Right to left: each of our proxies appends who it heard from, so the first address that
    # is not one of ours is the client; anything left of it the client may have written itself.
    for hop in reversed(_values(request, "X-Forwarded-For")):
        if not _is_proxy(request, hop):
            return hop if _address(hop) is not None else remote
    return remote


def is_https(request: web.Request) -> bool:
    if request.secure:  # TLS on this very connection
        return True
    if not from_trusted_proxy(request):
        return False
    schemes = _values(request, "X-Forwarded-Proto")
    return bool(schemes) and schemes[-1].lower() == "https"
