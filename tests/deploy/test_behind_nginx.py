"""The smoke journey through Debian's nginx configured from deploy/'s site, as a county runs it.

Skipped only when nginx is not installed and cannot be (.ci/run installs it).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import SETTINGS
from devtools.wechat_sim import SimulatorState

from .nginx_front import CLIENT_TIMEOUT_SECONDS, NGINX, Front, nginx_front, read_log
from .support import ITEM_CODE, application, make_item

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx; .ci/run does)"
)
MAX_BODY_BYTES = 4096
LOGINS_PER_MINUTE = 3


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, str]:
    trust = getattr(request, "param", "true")
    return {
        # nginx runs on this machine: trusting it means trusting 127.0.0.1's forwarded headers.
        "MINIAPP_SERVER_TRUSTED_PROXIES": "127.0.0.1" if trust == "true" else "",
        "MINIAPP_SERVER_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
        "MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": str(LOGINS_PER_MINUTE),
    }


@pytest.fixture
def front(client: TestClient, tmp_path: Path) -> Iterator[Front]:
    settings = client.app[SETTINGS]
    upstream = f"{client.server.host}:{client.server.port}"
    with nginx_front(
        upstream, settings.server.max_body_bytes, bool(settings.server.trusted_proxies), tmp_path
    ) as started:
        yield started


def browser(front: Front, address: str = "127.0.0.2") -> aiohttp.ClientSession:
    """A client on its own loopback address, so nginx sees it apart from itself (127.0.0.1)."""
    connector = aiohttp.TCPConnector(ssl=front.ssl, local_addr=(address, 0))
    return aiohttp.ClientSession(
        base_url=front.https, connector=connector, timeout=aiohttp.ClientTimeout(total=15)
    )


@pytest.fixture
async def citizen(front: Front) -> AsyncIterator[aiohttp.ClientSession]:
    async with browser(front) as session:
        yield session


async def test_smoke_journey_through_nginx(
    front: Front, citizen: aiohttp.ClientSession, sim_state: SimulatorState
) -> None:
    await make_item()
    async with citizen.get("/healthz") as response:
        assert response.status == 200, await response.text()
        assert (await response.json())["database"] == "ok"
        assert "max-age" in response.headers["Strict-Transport-Security"]
    async with citizen.get("/api/openapi.json") as response:
        assert response.status == 200
        assert "/api/cases/lookup" in (await response.json())["paths"]

    code = sim_state.issue_login_code("o-through-nginx")
    async with citizen.post("/api/auth/login", json={"code": code}) as response:
        assert response.status == 200, await response.text()
        headers = {"Authorization": "Bearer " + (await response.json())["token"]}
    async with citizen.get("/api/items") as response:
        assert response.status == 200
        assert ITEM_CODE in str(await response.json())
    async with citizen.post("/api/cases", json=application(), headers=headers) as response:
        assert response.status == 201, await response.text()
        submitted = await response.json()
    lookup = {"case_no": submitted["case"]["case_no"], "secret": submitted["lookup_secret"]}
    async with citizen.post(
        "/api/cases/lookup", json=lookup, headers={"X-Request-Id": "chosen-by-client"}
    ) as response:
        assert response.status == 200, await response.text()
        progress = await response.json()
        request_id = response.headers["X-Request-Id"]
    assert progress["case_no"] == submitted["case"]["case_no"]

    # nginx's own request id reached the server (which echoes it), not the client's choice.
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    log = await _log_line(front.access_log, f"rid={request_id}")
    assert '"POST /api/cases/lookup" 200' in log and log.startswith("127.0.0.2 ")
    # One instance is down; nginx went on to the live one and the journey did not notice.
    assert front.dead_upstream in read_log(front.access_log)


async def test_metrics_through_nginx_looks_like_an_unknown_path(
    front: Front, citizen: aiohttp.ClientSession, client: TestClient
) -> None:
    async with citizen.get("/metrics") as refused:
        refused_body = await refused.json()
        refused_type = refused.headers["Content-Type"]
    async with citizen.get("/no-such-path") as unknown:
        assert refused.status == unknown.status == 404
        assert refused_body == await unknown.json()
        assert refused_type == unknown.headers["Content-Type"]
    # Prometheus, on the instance's own address, still reads it.
    assert (await client.get("/metrics")).status == 200


async def test_body_over_the_limit_is_refused_by_nginx_with_a_problem(
    front: Front, citizen: aiohttp.ClientSession
) -> None:
    oversize = {"code": "x" * MAX_BODY_BYTES}
    async with citizen.post("/api/auth/login", json=oversize) as response:
        assert response.status == 413
        assert (await response.json())["code"] == "body_too_large"
    # Just under the limit it reaches the server, which judges it (the code is too long).
    fits = {"code": "x" * (MAX_BODY_BYTES - 100)}
    async with citizen.post("/api/auth/login", json=fits) as response:
        assert response.status == 422, await response.text()


async def test_plain_http_redirects_to_https(front: Front) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(front.http + "/api/items?q=1", allow_redirects=False) as response,
    ):
        assert response.status == 301
        assert response.headers["Location"].startswith("https://")
        assert response.headers["Location"].endswith("/api/items?q=1")


async def test_slow_client_is_cut_off(front: Front) -> None:
    host, port = front.https.removeprefix("https://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port), ssl=front.ssl)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
    await writer.drain()
    started = asyncio.get_running_loop().time()
    try:
        answer = await asyncio.wait_for(reader.read(), timeout=CLIENT_TIMEOUT_SECONDS + 5)
    except ConnectionResetError:  # reset_timedout_connection: nginx frees it at once
        answer = b""
    waited = asyncio.get_running_loop().time() - started
    writer.close()
    # nginx dropped the connection after client_header_timeout, without passing anything on.
    assert answer == b""
    # Not at once (the timer runs from the handshake, so a little under the timeout is fine).
    assert 0.5 <= waited < CLIENT_TIMEOUT_SECONDS + 4


@pytest.mark.parametrize("settings_overrides", ["true"], indirect=True)
async def test_rate_limits_count_the_original_client_when_nginx_is_trusted(
    front: Front,
) -> None:
    async with browser(front, "127.0.0.2") as first, browser(front, "127.0.0.3") as second:
        await _use_up_login_attempts(first)
        # Claiming another address does not help: nginx replaces X-Forwarded-For.
        assert await _staff_login(first, {"X-Forwarded-For": "198.51.100.9"}) == 429
        # Another client behind the same nginx is counted apart.
        assert await _staff_login(second) == 401


@pytest.mark.parametrize("settings_overrides", ["false"], indirect=True)
async def test_untrusted_forwarded_for_makes_every_client_share_nginx_address(
    front: Front,
) -> None:
    async with browser(front, "127.0.0.2") as first, browser(front, "127.0.0.3") as second:
        await _use_up_login_attempts(first)
        # The server ignores X-Forwarded-For: both clients are nginx's 127.0.0.1 to it.
        assert await _staff_login(second) == 429


async def _use_up_login_attempts(session: aiohttp.ClientSession) -> None:
    for _ in range(LOGINS_PER_MINUTE):
        assert await _staff_login(session) == 401


_attempts = iter(range(1_000_000))


async def _staff_login(session: aiohttp.ClientSession, headers: Any = None) -> int:
    # A new username each time, so only the per-address limit can refuse.
    body = {"username": f"nobody-{next(_attempts)}", "password": "wrong password"}
    async with session.post("/api/auth/staff-login", json=body, headers=headers) as response:
        return response.status


async def _log_line(log: Path, needle: str) -> str:
    # nginx writes the access log line when the answer is sent: give it a moment.
    for _ in range(50):
        for line in read_log(log).splitlines():
            if needle in line:
                return line
        await asyncio.sleep(0.05)
    raise AssertionError(f"{needle} not in nginx's access log")
