"""Response headers that keep browsers from misreading or framing what we send.

Every answer says NOSNIFF (miniapp_api.edge adds it; a streamed download, prepared before the
edge sees it, says it itself): a JSON problem that echoes input is never sniffed into HTML. Console
pages also forbid framing (clickjacking), caching (a shared browser's back button must not show a
case to the next user) and every script; their one inline stylesheet is allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

Hook = Callable[[web.Request, web.StreamResponse], Awaitable[None]]
STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def style_hashes(template: Path) -> list[str]:
    """CSP sources for the template's inline <style> blocks (no Jinja inside: rendered as is)."""
    blocks = STYLE_BLOCK.findall(template.read_text(encoding="utf-8"))
    digests = (hashlib.sha256(block.encode()).digest() for block in blocks)
    return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


def content_security_policy(styles: list[str]) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            "style-src " + (" ".join(styles) or "'none'"),
            "img-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )


def console_headers(policy: str) -> Hook:
    async def add(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "same-origin"

    return add
