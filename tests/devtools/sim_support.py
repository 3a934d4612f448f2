"""Constants and small helpers shared by the simulator tests."""

from __future__ import annotations

from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

START = 1_700_000_000.0
APPID = "wx-demo-appid"
SECRET = "demo-secret"
CORPID = "ww-demo-corp"
CORPSECRET = "demo-corpsecret"
AGENTID = 1000002

Client = TestClient[web.Request, web.Application]


async def body(response: ClientResponse) -> dict[str, Any]:
    # code2Session answers text/plain, so the content type is not checked here.
    data = await response.json(content_type=None)
    assert isinstance(data, dict)
    return data


async def errcode(response: ClientResponse) -> int:
    assert response.status == 200
    return int((await body(response))["errcode"])


async def fetch_mp_token(mp: Client) -> str:
    params = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}
    return str((await body(await mp.get("/cgi-bin/token", params=params)))["access_token"])


async def fetch_wecom_token(wecom: Client) -> str:
    params = {"corpid": CORPID, "corpsecret": CORPSECRET}
    return str((await body(await wecom.get("/cgi-bin/gettoken", params=params)))["access_token"])
