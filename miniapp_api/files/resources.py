"""The file store, the virus scanner and the link key of the running server."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator

from aiohttp import web

from core.appkeys import SETTINGS
from core.clamav import ClamdClient
from core.storage import open_store
from workflows.files.intake import FileServices

log = logging.getLogger(__name__)
FILES = web.AppKey("files", FileServices)


async def files_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS].files
    store = await open_store(settings)
    scanner = None
    if settings.clamav_socket:
        scanner = ClamdClient(settings.clamav_socket, settings.clamav_timeout_seconds)
    key = settings.link_key.encode()
    if not key:
        log.warning("[files] link_key is not set: download links work on this server only")
        key = os.urandom(32)
    app[FILES] = FileServices(store=store, scanner=scanner, settings=settings, link_key=key)
    yield
    await store.close()
