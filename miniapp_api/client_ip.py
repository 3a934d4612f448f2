"""The client's address, for per-address rate limits."""

from aiohttp import web

from core.appkeys import SETTINGS


def client_ip(request: web.Request) -> str:
    if request.app[SETTINGS].server.trust_forwarded_for:
        forwarded = request.headers.get("X-Forwarded-For", "")
        first = forwarded.split(",", 1)[0].strip()
        if first:
            return first
    return request.remote or "unknown"
