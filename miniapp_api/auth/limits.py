"""Login attempt limits, shared by staffLogin, login and the console's sign-in form, so no
door is a way around another's limit: per client address first, then (staff) per account and
address, all before any password is hashed."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import KV, SETTINGS
from core.ratelimit import enforce_rate_limit
from core.settings import AuthSettings
from workflows.login_guard import LoginGuard, LoginPolicy

LOGIN_WINDOW_SECONDS = 60
DAY_SECONDS = 86_400


async def limit_logins(request: web.Request, address: str) -> None:
    await enforce_rate_limit(
        request.config_dict[KV],
        "login",
        "ip:" + address,
        limit=request.config_dict[SETTINGS].auth.login_attempts_per_minute,
        window_seconds=LOGIN_WINDOW_SECONDS,
    )


def login_policy(auth: AuthSettings) -> LoginPolicy:
    return LoginPolicy(
        free_failures=auth.login_free_failures,
        backoff_base_seconds=auth.login_backoff_base_seconds,
        backoff_max_seconds=auth.login_backoff_max_seconds,
        failure_memory_seconds=auth.login_failure_memory_seconds,
        account_failures_per_window=auth.account_failures_per_window,
        trusted_address_seconds=auth.trusted_address_days * DAY_SECONDS,
        alert_failures=auth.login_alert_failures,
    )


def login_guard(request: web.Request) -> LoginGuard:
    return LoginGuard(request.config_dict[KV], login_policy(request.config_dict[SETTINGS].auth))
