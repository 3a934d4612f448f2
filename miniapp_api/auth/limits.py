"""Login attempt limits, shared by staffLogin, login and the console's sign-in form, so no
door is a way around another's limit."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import KV, SETTINGS
from core.ratelimit import enforce_rate_limit

LOGIN_WINDOW_SECONDS = 60


async def limit_logins(request: web.Request, *subjects: str) -> None:
    limit = request.config_dict[SETTINGS].auth.login_attempts_per_minute
    for subject in subjects:
        await enforce_rate_limit(
            request.config_dict[KV],
            "login",
            subject,
            limit=limit,
            window_seconds=LOGIN_WINDOW_SECONDS,
        )
