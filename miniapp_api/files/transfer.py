"""Bytes over HTTP: the multipart file part of an upload, signed links and streamed downloads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from urllib.parse import quote, unquote

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from core.errors import InvalidInput, NotFound, Unavailable
from core.storage import StorageError
from miniapp_api.files.schemas import LinkOut
from miniapp_api.security_headers import NOSNIFF
from models.files import FileBlob
from workflows.authz import Principal
from workflows.files import links
from workflows.files.intake import FileServices

# What an upload holds in memory is a few of these (aiohttp's multipart reader keeps the chunk
# before for the boundary, joins the two and returns a copy) plus the connection's buffer.
CHUNK_BYTES = 64 * 1024
FILE_FIELD = "file"
DOWNLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png")


async def file_part(request: web.Request) -> BodyPartReader:
    """The body's `file` part, positioned at its first byte (other parts are skipped)."""
    if request.content_type != "multipart/form-data":
        raise InvalidInput("send the file as multipart/form-data", code="multipart_required")
    _read_socket_by_chunk(request)
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if isinstance(part, BodyPartReader) and part.name == FILE_FIELD:
                return part
            await part.release()
    except (ValueError, AssertionError, RuntimeError, KeyError, HttpProcessingError):
        # A part's header aiohttp will not parse (a NUL in it, say) is malformed as a whole.
        raise InvalidInput("the multipart body is malformed", code="malformed_multipart") from None
    raise InvalidInput("the body has no `file` part", code="file_part_missing")


def _read_socket_by_chunk(request: web.Request) -> None:
    """Read this connection's socket a chunk at a time, not asyncio's 256 KiB.

    Each read is a new buffer; at 256 KiB it is above malloc's mmap threshold (core/allocator.py)
    and is mapped and unmapped on every read, or, were it on the heap, 20 uploads in flight
    would fragment it (12 MB that stays, bench/upload_rss.py). `max_size` is an attribute of
    asyncio's socket transports only; another transport is left as it is.
    """
    transport = request.transport
    if transport is not None and isinstance(getattr(transport, "max_size", None), int):
        transport.max_size = CHUNK_BYTES  # type: ignore[attr-defined]


async def chunks(part: BodyPartReader) -> AsyncIterator[bytes]:
    while True:
        try:
            chunk = await part.read_chunk(CHUNK_BYTES)
        except (ValueError, AssertionError, RuntimeError, HttpProcessingError):
            raise InvalidInput(
                "the multipart body is malformed", code="malformed_multipart"
            ) from None
        if not chunk:
            return
        yield chunk


def part_file_name(part: BodyPartReader) -> str | None:
    try:
        name = part.filename
        # Some clients (aiohttp's among them) percent-encode a non-ASCII name: read it back, so
        # "%2F" is checked as the "/" it stands for.
        if name and name.isascii() and "%" in name:
            name = unquote(name, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the file name cannot be read", code="file_name_invalid") from None
    return name


def link_for(
    services: FileServices, principal: Principal, kind: str, object_id: int, now: datetime
) -> LinkOut:
    expires = now + timedelta(seconds=services.settings.link_ttl_seconds)
    claims = links.LinkClaims(
        kind, object_id, int(expires.timestamp()), links.audience_of(principal)
    )
    token = links.sign(services.link_key, claims)
    return LinkOut(url=f"/api/files/download/{token}", expires_at=expires.replace(microsecond=0))


async def stream(
    request: web.Request,
    services: FileServices,
    blob_id: int | None,
    file_name: str,
) -> web.StreamResponse:
    blob = await FileBlob.get_or_none(id=blob_id) if blob_id is not None else None
    if blob is None:
        raise NotFound("this material has no file", code="file_not_found")
    body = services.store.read(blob.storage_key)
    try:
        first = await anext(body, b"")
    except StorageError:
        raise Unavailable("the file store is unavailable", code="storage_unavailable") from None
    response = web.StreamResponse(
        headers={
            "Content-Type": blob.media_type,
            "Content-Length": str(blob.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file_name or 'file')}",
            "Cache-Control": "private, no-store",
            # Prepared here, before the edge middleware sees it: it cannot add this afterwards.
            **NOSNIFF,
        }
    )
    await response.prepare(request)
    await response.write(first)
    async for chunk in body:
        await response.write(chunk)
    await response.write_eof()
    return response
