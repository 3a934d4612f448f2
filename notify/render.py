"""Build each channel's payload from a template and a message's data, apart from sending.

Subscribe-message values are held to WeChat's limits per key type (thing ≤ 20 characters, phrase
≤ 5 Chinese characters, ...): text is shortened with an ellipsis rather than refused by WeChat
with 47003; a value that cannot be made valid (a number that is not one) fails the message.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.outbox import Channel
from notify.templates import Template, TemplateError, channel_spec

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


class _Strict(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        raise TemplateError("template_data_missing", f"the message data has no {key!r}")


def fill(text: str, data: dict[str, Any]) -> str:
    try:
        return string.Formatter().vformat(text, (), _Strict(data))
    except (ValueError, IndexError, AttributeError) as error:
        raise TemplateError("template_invalid", f"cannot fill {text!r}: {error}") from None


def fit_value(key: str, value: str, tz: ZoneInfo) -> str:
    kind = key.rstrip("0123456789")
    if kind in ("time", "date"):
        return _moment(value, tz, with_time=kind == "time")
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


def _moment(value: str, tz: ZoneInfo, *, with_time: bool) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value  # already formatted by the caller
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


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
            key: {"value": fit_value(key, fill(text, values), tz)}
            for key, text in spec.get("data", {}).items()
        }
        return {
            "template_id": str(spec["template_id"]),
            "page": fill(spec.get("page", ""), values),
            "data": fields,
        }
    if channel is Channel.WECOM_APP:
        return _wecom(spec, values)
    if channel is Channel.WECOM_ROBOT:
        return {"msgtype": "markdown", "markdown": {"content": fill(spec["markdown"], values)}}
    if channel is Channel.CUSTOMER_SERVICE:
        return {"msgtype": "text", "text": {"content": fill(spec["text"], values)}}
    return {"text": fill(spec["text"], values)}


def _wecom(spec: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    card_type = spec.get("card_type", "text_notice")
    title = fill(spec["title"], values)
    description = fill(spec.get("description", ""), values)
    url = fill(spec.get("url", ""), values)
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
            {"text": b["text"], "key": fill(b["key"], values)}
            for b in spec.get("buttons", [])
        ]
    return {"msgtype": "template_card", "template_card": template_card}
