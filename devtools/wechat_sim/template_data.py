"""Subscribe-message `data` checks, by the type prefix of each key (thing1, time2, ...).

Limits follow the "parameter value limits" table of subscribeMessage.send.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from devtools.wechat_sim.errors import ApiError

_HAN = "\u4e00-\u9fff"
_DATE = re.compile(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2}))")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _moment(text: str, *, need_date: bool, need_time: bool) -> bool:
    date_match = _DATE.match(text)
    rest = text
    if date_match:
        year, *parts = date_match.groups()
        month, day = (int(p) for p in parts if p is not None)
        try:
            date(int(year), month, day)
        except ValueError:
            return False
        rest = text[date_match.end() :].strip()
    elif need_date:
        return False
    if not rest:
        return not need_time
    time_match = _TIME.fullmatch(rest)
    if time_match is None:
        return False
    hour, minute, second = (int(p or 0) for p in time_match.groups())
    try:
        datetime(2000, 1, 1, hour, minute, second)
    except ValueError:
        return False
    return True


def _span(need_date: bool, need_time: bool) -> Callable[[str], bool]:
    """time and date values may be one moment or two joined by a half-width "~"."""

    def check(value: str) -> bool:
        ends = value.split("~")
        return len(ends) <= 2 and all(
            _moment(end.strip(), need_date=need_date, need_time=need_time) for end in ends
        )

    return check


def _name(value: str) -> bool:
    if re.fullmatch(r"[A-Za-z .·'\-]+", value):
        return len(value) <= 20
    return len(value) <= 10


RULES: dict[str, Callable[[str], bool]] = {
    "thing": lambda v: len(v) <= 20,
    "number": lambda v: len(v) <= 32 and re.fullmatch(r"[+-]?\d+(\.\d+)?", v) is not None,
    "letter": lambda v: re.fullmatch(r"[A-Za-z]{1,32}", v) is not None,
    "symbol": lambda v: len(v) <= 5 and not any(c.isalnum() for c in v),
    "character_string": lambda v: re.fullmatch(r"[\x20-\x7e]{1,32}", v) is not None,
    "time": _span(need_date=False, need_time=True),
    "date": _span(need_date=True, need_time=False),
    "amount": lambda v: re.fullmatch(r"[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?", v) is not None,
    "phone_number": lambda v: re.fullmatch(r"[\d+\-() ]{1,17}", v) is not None,
    "car_number": lambda v: (
        re.fullmatch(rf"[{_HAN}]?[A-Za-z0-9]+[{_HAN}]?", v) is not None and len(v) <= 8
    ),
    "name": _name,
    "phrase": lambda v: re.fullmatch(rf"[{_HAN}]{{1,5}}", v) is not None,
}


def key_type(key: str) -> str:
    return key.rstrip("0123456789")


def validate_template_data(keys: tuple[str, ...], data: Any) -> None:
    """Raise 47003 with WeChat's own wording (its "emtpy" typo included) for the first bad key."""
    fields = data if isinstance(data, dict) else {}
    for key in keys:
        field = fields.get(key)
        value = field.get("value") if isinstance(field, dict) else None
        if value is None or value == "":
            raise ApiError(47003, f"argument invalid! data.{key}.value is emtpy")
        # Newer key types this table does not know are held to thing's limit.
        rule = RULES.get(key_type(key), RULES["thing"])
        if not isinstance(value, str) or not rule(value):
            raise ApiError(47003, f"argument invalid! data.{key}.value invalid")
