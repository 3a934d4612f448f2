"""One received message or event, read from WeChat's XML with wechatpy's parsers.

The fields the routers use are validated here (short plain text, numbers that are numbers), so
a handler never meets a malformed value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bots.wire import Refused, parse_xml, text_field

_DIGITS = re.compile(r"\d{1,20}")
# openids and WeCom userids: short, printable, no spaces.
_ID = re.compile(r"[\x21-\x7e]{1,128}")


@dataclass(frozen=True)
class Incoming:
    kind: str  # text, image, voice, event, ... (MsgType, lower case)
    source: str  # FromUserName: the citizen's openid or the staff member's WeCom userid
    target: str  # ToUserName: our account
    create_time: int
    msg_id: str = ""
    text: str = ""  # Content of a text message, stripped
    event: str = ""  # Event, lower case
    event_key: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    message: Any = None  # wechatpy's message object

    def field(self, name: str) -> str:
        return text_field(self.fields, name)


def read_message(xml: str, parse: Callable[[str], Any]) -> Incoming:
    fields = parse_xml(xml)
    kind = text_field(fields, "MsgType").lower()
    source, target = text_field(fields, "FromUserName"), text_field(fields, "ToUserName")
    created, msg_id = text_field(fields, "CreateTime"), text_field(fields, "MsgId")
    if not kind or not _ID.fullmatch(source) or not _ID.fullmatch(target):
        raise Refused(400, "not a WeChat message")
    if not _DIGITS.fullmatch(created) or (msg_id and not _DIGITS.fullmatch(msg_id)):
        raise Refused(400, "bad CreateTime or MsgId")
    event = text_field(fields, "Event").lower() if kind == "event" else ""
    if kind == "event" and not event:
        raise Refused(400, "event without Event")
    try:
        message = parse(xml)
    except Exception:  # wechatpy's parser trusts its input; anything it trips on is bad input
        raise Refused(400, "malformed message") from None
    return Incoming(
        kind=kind,
        source=source,
        target=target,
        create_time=int(created),
        msg_id=msg_id,
        text=text_field(fields, "Content").strip() if kind == "text" else "",
        event=event,
        event_key=text_field(fields, "EventKey"),
        fields=fields,
        message=message,
    )
