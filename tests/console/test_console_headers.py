"""Console pages forbid framing, caching and script; the cookie stays Secure behind a TLS proxy."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

Login = Callable[..., Awaitable[str]]


def _policy(response: Any) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part for part in (p.strip() for p in header.split(";"))}


def _check_page_headers(response: Any) -> None:
    policy = _policy(response)
    assert policy["default-src"] == "default-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "script-src" not in policy  # falls back to default-src 'none': no script at all
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_every_console_answer_carries_the_protective_headers(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    redirect = await client.get("/console/queue", allow_redirects=False)
    assert redirect.status == 303
    _check_page_headers(redirect)
    assert re.fullmatch(r"[0-9a-f]{32}", redirect.headers["X-Request-Id"])  # raised, then tagged
    _check_page_headers(await client.get("/console/login"))
    await console_login("jiancha")
    for path in ("/console/queue", f"/console/cases/{submitted_case['id']}", "/console/reports",
                 "/console/callbacks", "/console/cards", "/console/cases/999999"):  # fmt: skip
        response = await client.get(path)
        assert response.status in (200, 404), path
        _check_page_headers(response)
    _check_page_headers(await client.get("/console/reports/export?format=csv"))


async def test_the_inline_stylesheet_is_allowed_by_its_hash_and_nothing_else_is_inline(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("jiancha")
    for path in ("/console/login", "/console/queue", "/console/reports", "/console/callbacks"):
        response = await client.get(path)
        html = await response.text()
        styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
        assert styles, path
        for style in styles:
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in _policy(response)["style-src"], path
        assert "<script" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


async def test_an_untrusted_forwarded_proto_does_not_make_the_cookie_secure(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    # Without trusted proxies (the default) the header is anybody's word: it is ignored.
    form = await client.get("/console/login", headers={"X-Forwarded-Proto": "https"})
    assert not form.cookies["console_login"]["secure"]


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_SERVER_TRUSTED_PROXIES": "127.0.0.1"}])
async def test_behind_a_trusted_tls_proxy_the_cookies_are_secure(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    form = await client.get("/console/login", headers=headers)
    assert form.cookies["console_login"]["secure"]
    token = form.cookies["console_login"].value
    # The test client speaks plain HTTP, so its jar keeps the Secure cookie back; the browser on
    # the far side of the proxy would send it.
    signed_in = await client.post(
        "/console/login",
        data={"csrf": token, "username": "banli", "password": "correct horse battery staple"},
        headers={**headers, "Cookie": f"console_login={token}"},
        allow_redirects=False,
    )
    assert signed_in.status == 303
    assert signed_in.cookies["console_session"]["secure"]
    plain = await client.get("/console/login", headers={"X-Forwarded-Proto": "http"})
    assert not plain.cookies["console_login"]["secure"]
