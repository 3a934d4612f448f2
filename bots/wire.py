"""What WeChat sends and expects on the wire: signatures, bounded bodies, XML, encryption.

Every refusal is a `Refused` with a status and a short plain-text body; nothing a caller sends
can make the webhooks answer 500.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from aiohttp import web

# Safe-mode envelopes carry base64 text; decrypted, a message is a small XML document.
MAX_FIELD_CHARS = 16384


class Refused(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text

    def response(self, webhook: str, log: logging.Logger) -> web.Response:
        # One short line: the reason only, never the body, a sender or a signature.
        log.info("%s webhook refused a callback: %s %s", webhook, self.status, self.text)
        return web.Response(status=self.status, text=self.text)


def signature(token: str, *parts: str) -> str:
    """WeChat's callback signature: sha1 of the token and parts, sorted and joined."""
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()


def require_signature(given: str, token: str, *parts: str) -> None:
    if not hmac.compare_digest(given.encode(), signature(token, *parts).encode()):
        raise Refused(403, "bad signature")


def query_text(request: web.Request, name: str, *, required: bool = True) -> str:
    value = request.query.get(name, "")
    if (required and not value) or len(value) > 512:
        raise Refused(403 if name.endswith("signature") else 400, f"missing or bad {name}")
    return value


async def read_body(request: web.Request, limit: int) -> str:
    if request.content_length is not None and request.content_length > limit:
        raise Refused(413, "body too large")
    body = await request.content.read(limit + 1)
    if len(body) > limit:
        raise Refused(413, "body too large")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None


def parse_xml(text: str) -> dict[str, Any]:
    """The <xml> document's fields; only top-level text fields are trusted by callers."""
    try:
        document = xmltodict.parse(text, disable_entities=True)
    except (ExpatError, ValueError, TypeError, AttributeError):
        raise Refused(400, "malformed XML") from None
    root = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(root, dict):
        raise Refused(400, "not a WeChat message")
    return dict(root)


def text_field(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS:
        raise Refused(400, f"bad {name}")
    return value


def xml_response(body: str) -> web.Response:
    return web.Response(text=body, content_type="application/xml")


def empty_response() -> web.Response:
    # "success" (or an empty body) tells WeChat there is no passive reply and not to resend.
    return web.Response(text="success")
