"""One typed key per shared resource of the running application."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

if TYPE_CHECKING:
    pass

SETTINGS = web.AppKey("settings", "Settings")
KV = web.AppKey("kv", "KeyValueStore")
SESSIONS = web.AppKey("sessions", "SessionStore")
PASSWORDS = web.AppKey("passwords", "PasswordPool")
HTTP = web.AppKey("http", aiohttp.ClientSession)
MINIPROGRAM = web.AppKey("miniprogram", "MiniProgramClient")
CALENDAR = web.AppKey("calendar", "CalendarService")
CATALOG_SEARCH = web.AppKey("catalog_search", "CatalogSearch")
CATALOG_VERSION = web.AppKey("catalog_version", "CatalogVersion")
