"""Forwarded headers count only from configured proxies; every API answer says nosniff."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, make_mocked_request

from core.appkeys import SETTINGS
from core.settings import Settings
from miniapp_api.client_ip import client_ip, is_https


def _request(settings: Settings, proxies: list[str], remote: str, **headers: str) -> web.Request:
    app = web.Application()
    server = type(settings.server).model_validate(
        {**settings.server.model_dump(), "trusted_proxies": proxies}
    )
    app[SETTINGS] = settings.model_copy(update={"server": server})
    return make_mocked_request("GET", "/", headers=headers, app=app).clone(remote=remote)


def test_forwarded_for_is_ignored_unless_the_connection_is_from_a_trusted_proxy(
    settings: Settings,
) -> None:
    spoofed = {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
    for proxies in ([], ["10.0.0.0/8"]):
        request = _request(settings, proxies, "203.0.113.9", **spoofed)
        assert client_ip(request) == "203.0.113.9" and not is_https(request)


def test_behind_trusted_proxies_the_client_is_the_first_untrusted_hop_from_the_right(
    settings: Settings,
) -> None:
    proxies = ["10.0.0.0/8", "127.0.0.1"]
    # The client wrote "1.2.3.4" itself; nginx appended who it really heard from.
    chain = "1.2.3.4, 198.51.100.7, 10.0.0.3"
    request = _request(settings, proxies, "127.0.0.1", **{"X-Forwarded-For": chain})
    assert client_ip(request) == "198.51.100.7"
    request = _request(settings, proxies, "10.0.0.2", **{"X-Forwarded-Proto": "https"})
    assert is_https(request) and client_ip(request) == "10.0.0.2"
    garbage = _request(settings, proxies, "127.0.0.1", **{"X-Forwarded-For": "not-an-ip"})
    assert client_ip(garbage) == "127.0.0.1"


async def test_json_answers_say_nosniff(client: TestClient) -> None:
    for path in ("/healthz", "/api/items", "/api/no-such-thing", "/api/openapi.json"):
        response = await client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
