"""GET /metrics for Prometheus; every request is timed by its operationId in miniapp_api.edge.

Not an API operation (not in the OpenAPI document), like the console. It answers only peers in
[metrics] allowed_networks that connect to this instance directly; anyone else, and anything that
came through the reverse proxy, gets the same 404 as an unknown path, so it is not advertised.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from core.appkeys import SETTINGS
from miniapp_api.metrics_snapshot import snapshot_registry

ROUTE_NAME = "metrics"
# Headers a proxy adds: their presence means the real client is someone else.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def operation_of(request: web.Request) -> str:
    """What a request is counted under. Route names only, never the path: label values stay few
    whatever clients send."""
    if request.match_info.http_exception is not None:
        return "unmatched"
    return request.match_info.route.name or "unnamed"


async def metrics(request: web.Request) -> web.Response:
    if not _may_scrape(request):
        raise web.HTTPNotFound()
    if request.method not in ("GET", "HEAD"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET"])
    # Figures from the database (outbox, cards) are read at scrape time, so every instance
    # reports the same truth; the process's own counters come from the default registry.
    figures = await snapshot_registry()
    body = generate_latest(REGISTRY) + generate_latest(figures)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def _may_scrape(request: web.Request) -> bool:
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        peer = ipaddress.ip_address(request.remote or "")
    except ValueError:  # a Unix socket, or no peer at all
        return False
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
        peer = peer.ipv4_mapped  # a dual-stack listener shows IPv4 peers as ::ffff:a.b.c.d
    return any(peer in network for network in request.app[SETTINGS].metrics.allowed_networks)


def setup(app: web.Application) -> None:
    # Every method, so that even a POST from outside gets 404 rather than 405 naming GET.
    app.router.add_route("*", "/metrics", metrics, name=ROUTE_NAME)
