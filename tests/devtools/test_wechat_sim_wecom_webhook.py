"""WeChat Work host: the group robot webhook."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import Client, body

WEBHOOK = "/cgi-bin/webhook/send"
KEY = "robot-key-1"


@pytest.fixture(autouse=True)
def robot(state: SimulatorState) -> None:
    state.register_robot(KEY)


async def post(wecom: Client, payload: dict[str, Any], key: str = KEY) -> dict[str, Any]:
    return await body(await wecom.post(WEBHOOK, params={"key": key}, json=payload))


def markdown(content: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": content}}


async def test_text_and_markdown_are_sent(wecom: Client, state: SimulatorState) -> None:
    text = {"msgtype": "text", "text": {"content": "今日办件 12 件"}}

    assert await post(wecom, text) == {"errcode": 0, "errmsg": "ok"}
    assert await post(wecom, markdown("# 日报")) == {"errcode": 0, "errmsg": "ok"}
    assert [m.recipients for m in state.delivered] == [(KEY,), (KEY,)]


async def test_unknown_key_is_an_invalid_webhook_url(wecom: Client) -> None:
    data = await post(wecom, markdown("x"), key="nobody")

    assert data["errcode"] == 93000
    assert data["errmsg"].startswith("invalid webhook url, hint: [")


async def test_markdown_over_4096_bytes_is_refused(wecom: Client) -> None:
    # 1366 Chinese characters are 4098 UTF-8 bytes: the limit counts bytes.
    data = await post(wecom, markdown("办" * 1366))

    assert data["errcode"] == 40058
    assert data["errmsg"].startswith("markdown.content exceed max length 4096")
    assert (await post(wecom, markdown("办" * 1365)))["errcode"] == 0


async def test_more_than_20_messages_a_minute_is_refused(
    wecom: Client, state: SimulatorState
) -> None:
    codes = [(await post(wecom, markdown(str(i))))["errcode"] for i in range(21)]
    state.advance(60)

    assert codes == [0] * 20 + [45009]
    assert (await post(wecom, markdown("later")))["errcode"] == 0


async def test_unknown_msgtype_is_refused(wecom: Client) -> None:
    assert (await post(wecom, {"msgtype": "telegram"}))["errcode"] == 40008
