"""Property: whatever bytes, XML or JSON reach either webhook (correctly signed, so they get past
the signature to the parsers and routers), the answer is never a 5xx."""

from __future__ import annotations

import json
import time

import xmltodict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bots.wire import signature
from tests.bots.support import MP_TOKEN, WeChatServer

ANSWERS = {200, 400, 403, 413}
words = st.text(max_size=40)
field_values = st.one_of(
    words,
    st.sampled_from(["text", "event", "image", "voice", "location", "link", "subscribe"]),
    st.sampled_from(["template_card_event", "unsubscribe", "人工", "待办", "进度 2025", "预约"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["accept_case:1", "ack_card:9223372036854775807", "callback_basic:-1"]),
)
FIELDS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event"]
message_fields = st.dictionaries(
    st.sampled_from([*FIELDS, "EventKey", "TaskId", "Extra"]), field_values, max_size=9
)


def as_xml(fields: dict[str, str], cdata: bool) -> str:
    def value(v: str) -> str:
        return f"<![CDATA[{v}]]>" if cdata else v

    return "<xml>" + "".join(f"<{k}>{value(v)}</{k}>" for k, v in fields.items()) + "</xml>"


# Well-formed messages with random content, so the routers (not only the parsers) are exercised.
routed = st.fixed_dictionaries(
    {
        "ToUserName": st.just("gh_account"),
        "FromUserName": st.sampled_from(["o-alice", "wx-h1", "o-nobody"]),
        "CreateTime": st.integers(min_value=0, max_value=2**40).map(str),
        "MsgType": st.sampled_from(["text", "event", "image"]),
        "Content": words,
        "Event": st.sampled_from(["subscribe", "template_card_event", "click", "x"]),
        "EventKey": field_values,
        "MsgId": st.integers(min_value=1, max_value=2**63).map(str),
    }
)

bodies = st.one_of(
    st.builds(as_xml, routed, st.just(True)).map(str.encode),
    st.binary(max_size=3000),
    st.builds(as_xml, message_fields, st.booleans()).map(str.encode),
    st.builds(lambda d: json.dumps(d, ensure_ascii=False).encode(), message_fields),
    st.builds(lambda d: xmltodict.unparse({"xml": d}).encode(), message_fields),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=bodies, encrypt=st.booleans())
async def test_no_body_makes_either_webhook_answer_5xx(
    wechat: WeChatServer, catalog, body: bytes, encrypt: bool
) -> None:
    client = wechat.client
    if encrypt:
        text = body.decode("utf-8", "replace")
        mp = await wechat.mp_encrypted(text)
        staff = await wechat.wecom(text)
        statuses = [mp.status, staff.status]
    else:
        mp_response = await client.post("/wechat/callback", params=wechat.mp_query(), data=body)
        timestamp, nonce = str(int(time.time())), "n"
        fake = signature(MP_TOKEN, timestamp, nonce, "x")
        query = {"msg_signature": fake, "timestamp": timestamp, "nonce": nonce}
        staff_response = await client.post("/wecom/callback", params=query, data=body)
        statuses = [mp_response.status, staff_response.status]
    assert set(statuses) <= ANSWERS, (statuses, body[:200])
