"""Build each channel's payload from a template and a message's data, apart from sending.

Every time a person reads is local ([calendar] timezone) and to the minute: a placeholder naming a
moment carries a filter, `{due_at:time}` (2026-12-02 23:59) or `{until:date}` (2026-12-02), so
producers put plain ISO moments in the outbox and the wording is decided here, in one place.

Subscribe-message values are held to WeChat's limits per key type (thing ≤ 20 characters, phrase
≤ 5 Chinese characters, time/date as WeChat writes them, ...): text is shortened with an ellipsis
rather than refused by WeChat with 47003; a value that cannot be made valid (a number that is not
one, a time that is no time) fails the message.

SMS goes by an approved Tencent template: its id and the values of its {1}, {2}, ... in order.
Each value is held to SMS_PARAM_MAX_CHARS: text is shortened with an ellipsis; a code (case
number, booking code: ASCII without spaces) is never cut, it fails the message instead; a link is
refused (Tencent refuses links in variables: they belong in the approved fixed text).
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.outbox import Channel
from notify.templates import Template, TemplateError, channel_spec
from workflows.exchange import outbound_map

ELLIPSIS = "…"
# Key type -> longest value WeChat accepts (characters).
MAX_LENGTH = {
    "thing": 20,
    "character_string": 32,
    "letter": 32,
    "symbol": 5,
    "phrase": 5,
    "name": 10,
    "car_number": 8,
    "phone_number": 17,
    "number": 32,
}
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# The longest template variable value our approved SMS templates allow. Tencent's documented
# default for a plain variable is 12 characters (send error 1036); a case number (13) and a
# local minute (16) are longer, so our templates must be approved with 20-character variables.
SMS_PARAM_MAX_CHARS = 20
_CODE = re.compile(r"[!-~]+")
_LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
MOMENT_FILTERS = ("time", "date")
TIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"
# WeChat's `time`: a 24-hour time, a date before it allowed; `date`: a date, a time after it
# allowed (subscribeMessage.send, "parameter value limits").
_DAY = r"\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|年\d{1,2}月\d{1,2}日)"
_CLOCK = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
_WECHAT_TIME = re.compile(rf"(?:{_DAY} ?)?{_CLOCK}")
_WECHAT_DATE = re.compile(rf"{_DAY}(?: {_CLOCK})?")


class _Strict(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        raise TemplateError("template_data_missing", f"the message data has no {key!r}")


class _Filler(string.Formatter):
    """str.format with two filters for moments, `:time` and `:date`, in the given zone."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in MOMENT_FILTERS:
            return local_moment(value, self.tz, with_time=format_spec == "time")
        return str(super().format_field(value, format_spec))


def fill(text: str, data: dict[str, Any], tz: ZoneInfo) -> str:
    try:
        return _Filler(tz).vformat(text, (), _Strict(data))
    except (ValueError, IndexError, AttributeError) as error:
        raise TemplateError("template_invalid", f"cannot fill {text!r}: {error}") from None


def local_moment(value: Any, tz: ZoneInfo, *, with_time: bool) -> str:
    """An ISO moment (or a datetime) as a person here reads it; other text is left as it is.

    A date alone stays a date: it names a day, not a minute of it.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text  # already worded by the producer
        if len(text) <= len("2026-12-02"):
            return moment.strftime(DATE_FORMAT)
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)  # a naive moment is taken as local already
    return moment.strftime(TIME_FORMAT if with_time else DATE_FORMAT)


def fit_value(key: str, value: str, tz: ZoneInfo) -> str:
    kind = key.rstrip("0123456789")
    if kind in ("time", "date"):
        return _wechat_moment(key, value, tz, with_time=kind == "time")
    if kind == "number" and not _NUMBER.fullmatch(value):
        raise TemplateError("template_data_invalid", f"{key} must be a number, got {value!r}")
    if kind == "phrase":
        value = "".join(ch for ch in value if "\u4e00" <= ch <= "\u9fff")
    if kind == "character_string":
        value = "".join(ch for ch in value if " " <= ch <= "~")
    limit = MAX_LENGTH.get(kind, MAX_LENGTH["thing"])
    if len(value) > limit:
        value = value[: limit - 1] + ELLIPSIS if kind == "thing" else value[:limit]
    if not value:
        raise TemplateError("template_data_invalid", f"{key} is empty after fitting")
    return value


def _wechat_moment(key: str, value: str, tz: ZoneInfo, *, with_time: bool) -> str:
    """One moment or a span of two joined by "~"; what WeChat would refuse fails here instead."""
    ends = [local_moment(end, tz, with_time=with_time) for end in value.split("~")]
    pattern = _WECHAT_TIME if with_time else _WECHAT_DATE
    if len(ends) > 2 or not all(pattern.fullmatch(end) for end in ends):
        kind = "time" if with_time else "date"
        raise TemplateError(
            "template_data_invalid", f"{key} must be a {kind} as WeChat writes it, got {value!r}"
        )
    return "~".join(ends)


def render(
    template: Template,
    channel: Channel,
    data: dict[str, Any],
    tz: ZoneInfo,
    task_id: str,
    console_url: str,
) -> dict[str, Any]:
    spec = channel_spec(template, channel)
    # Links in staff cards point into this deployment's console, wherever it is served.
    values = {**data, "task_id": task_id, "console_url": console_url}
    if channel is Channel.SUBSCRIBE_MESSAGE:
        fields = {
            key: {"value": fit_value(key, fill(text, values, tz), tz)}
            for key, text in spec.get("data", {}).items()
        }
        return {
            "template_id": str(spec["template_id"]),
            "page": fill(spec.get("page", ""), values, tz),
            "data": fields,
        }
    if channel is Channel.WECOM_APP:
        return _wecom(spec, values, tz)
    if channel is Channel.WECOM_ROBOT:
        return {"msgtype": "markdown", "markdown": {"content": fill(spec["markdown"], values, tz)}}
    if channel is Channel.CUSTOMER_SERVICE:
        return {"msgtype": "text", "text": {"content": fill(spec["text"], values, tz)}}
    if channel is Channel.PROVINCE:
        try:
            return outbound_map.wire(spec, data)  # the province's field names, in one module
        except KeyError as missing:
            raise TemplateError("template_data_missing", f"the event has no {missing}") from None
    return {
        "template_id": str(spec["template_id"]),
        "params": [
            fit_sms_param(i, fill(text, values, tz)) for i, text in enumerate(spec["params"], 1)
        ],
    }


def fit_sms_param(position: int, value: str) -> str:
    if _LINK.search(value):
        raise TemplateError("template_data_invalid", f"SMS parameter {position} holds a link")
    if len(value) <= SMS_PARAM_MAX_CHARS:
        return value
    if _CODE.fullmatch(value):
        raise TemplateError(
            "template_data_invalid",
            f"SMS parameter {position} is a code longer than {SMS_PARAM_MAX_CHARS} characters",
        )
    return value[: SMS_PARAM_MAX_CHARS - 1] + ELLIPSIS


def _wecom(spec: dict[str, Any], values: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    card_type = spec.get("card_type", "text_notice")
    title = fill(spec["title"], values, tz)
    description = fill(spec.get("description", ""), values, tz)
    url = fill(spec.get("url", ""), values, tz)
    if card_type == "textcard":
        card = {"title": title, "description": description, "url": url}
        return {"msgtype": "textcard", "textcard": card}
    template_card: dict[str, Any] = {
        "card_type": card_type,
        "main_title": {"title": title[:36], "desc": description[:44]},
        "sub_title_text": description,
        "task_id": values["task_id"],
    }
    if card_type == "text_notice":
        template_card["card_action"] = {"type": 1, "url": url}
    if card_type == "button_interaction":
        template_card["button_list"] = [
            # The key names the action and the matter (bots/card_keys.py), e.g. ack_card:42.
            {"text": b["text"], "key": fill(b["key"], values, tz)}
            for b in spec.get("buttons", [])
        ]
    return {"msgtype": "template_card", "template_card": template_card}
