"""GET /metrics for Prometheus, and the middleware timing every request by its operationId.

Not an API operation (not in the OpenAPI document), like the console. It answers only peers in
[metrics] allowed_networks that connect to this instance directly; anyone else, and anything that
came through the reverse proxy, gets the same 404 as an unknown path, so it is not advertised.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest

from core.appkeys import SETTINGS
from miniapp_api.errors import Handler
from miniapp_api.metrics_snapshot import snapshot_registry

ROUTE_NAME = "metrics"
# Headers a proxy adds: their presence means the real client is someone else.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")

REQUEST_SECONDS = Histogram(
    "miniapp_http_request_duration_seconds",
    "Time to answer a request, by operationId (route name; 'unmatched' for unknown paths)",
    ["operation"],
)
REQUESTS = Counter(
    "miniapp_http_requests", "Requests answered, by operationId and status", ["operation", "status"]
)


@web.middleware
async def latency_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    status = "500"
    try:
        response = await handler(request)
        status = str(response.status)
        return response
    except web.HTTPException as error:  # redirects the error middleware lets through
        status = str(error.status)
        raise
    except asyncio.CancelledError:  # the client went away
        status = "cancelled"
        raise
    finally:
        operation = _operation(request)
        if operation != ROUTE_NAME:
            _timer(operation).observe(time.perf_counter() - started)
            _counter(operation, status).inc()


# `labels()` checks and joins its values on every call (2.5 µs of the ~14 a cached getItem spends
# in our middlewares); the children are kept instead: operations and statuses are few.
_TIMERS: dict[str, Histogram] = {}
_COUNTERS: dict[tuple[str, str], Counter] = {}


def _timer(operation: str) -> Histogram:
    timer = _TIMERS.get(operation)
    if timer is None:
        timer = _TIMERS[operation] = REQUEST_SECONDS.labels(operation)
    return timer


def _counter(operation: str, status: str) -> Counter:
    counter = _COUNTERS.get((operation, status))
    if counter is None:
        counter = _COUNTERS[operation, status] = REQUESTS.labels(operation, status)
    return counter


def _operation(request: web.Request) -> str:
    # Route names only, never the path: label values stay few whatever clients send.
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
