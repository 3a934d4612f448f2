"""Reading a console form sent as multipart/form-data part by part, so files are streamed.

The CSRF token must be the first part and is checked before anything else is read; text
fields are small and read whole (capped); file parts are handed on unread, in order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from core.errors import InvalidInput
from miniapp_api.console.session import TOKEN, check_csrf, csrf_for

TEXT_BYTES = 8 * 1024
MAX_PARTS = 300

_MALFORMED = (ValueError, AssertionError, RuntimeError, KeyError, HttpProcessingError)


def _malformed() -> InvalidInput:
    return InvalidInput("the multipart body is malformed", code="malformed_multipart")


async def text_of(part: BodyPartReader) -> str:
    data = bytearray()
    try:
        while chunk := await part.read_chunk(TEXT_BYTES):
            data += chunk
            if len(data) > TEXT_BYTES:
                raise InvalidInput(
                    f"the field {part.name} is too long", code="field_too_long",
                    fields={str(part.name): f"at most {TEXT_BYTES} bytes"},
                )  # fmt: skip
        return data.decode()
    except UnicodeDecodeError:
        raise InvalidInput("a field is not UTF-8 text", code="field_not_text") from None
    except _MALFORMED:
        raise _malformed() from None


async def form_parts(request: web.Request) -> AsyncIterator[tuple[str, BodyPartReader]]:
    """(name, part) of each part after the checked CSRF token; the caller reads each part."""
    if request.content_type != "multipart/form-data":
        raise InvalidInput("send the form as multipart/form-data", code="multipart_required")
    try:
        reader = await request.multipart()
        first = await reader.next()
    except _MALFORMED:
        raise _malformed() from None
    given = None
    if isinstance(first, BodyPartReader) and first.name == "csrf":
        given = await text_of(first)
    check_csrf(csrf_for(request[TOKEN]), given)
    for _ in range(MAX_PARTS):
        try:
            part = await reader.next()
        except _MALFORMED:
            raise _malformed() from None
        if part is None:
            return
        if not isinstance(part, BodyPartReader) or not part.name:
            raise _malformed()
        yield part.name, part
    raise InvalidInput("the form has too many fields", code="too_many_parts")
