"""Subscribe-message data rules, per key type."""

from __future__ import annotations

import pytest

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.template_data import validate_template_data


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("thing1", "营业执照办理（个体工商户）"),
        ("number2", "-12.50"),
        ("letter3", "ABC"),
        ("symbol4", "%-+"),
        ("character_string5", "CASE-2024/0001"),
        ("time6", "15:01"),
        ("time6", "2024年10月1日 15:01"),
        ("time6", "2024-10-01 09:00~2024-10-01 17:30"),
        ("date7", "2024年10月1日"),
        ("date7", "2024/10/01 15:01"),
        ("amount8", "¥100.50"),
        ("amount8", "100元"),
        ("phone_number9", "+86-0766-66888866"),
        ("car_number10", "粤A8Z888挂"),
        ("name11", "张三丰"),
        ("name11", "Alexander Hamilton"),
        ("phrase12", "配送中"),
    ],
)
def test_valid_values_pass(key: str, value: str) -> None:
    validate_template_data((key,), {key: {"value": value}})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("thing1", "一" * 21),
        ("number2", "12a"),
        ("letter3", "AB1"),
        ("symbol4", "!!!!!!"),
        ("character_string5", "编号1"),
        ("time6", "2024年10月1日"),
        ("time6", "25:00"),
        ("time6", "15:01～17:00"),
        ("date7", "2024年13月1日"),
        ("amount8", "一百元"),
        ("phone_number9", "1" * 18),
        ("car_number10", "粤A8Z888挂XYZ"),
        ("name11", "张" * 11),
        ("phrase12", "配送中了没有啊"),
        ("thing13", 42),
    ],
)
def test_invalid_values_are_47003(key: str, value: object) -> None:
    with pytest.raises(ApiError) as raised:
        validate_template_data((key,), {key: {"value": value}})

    assert raised.value.errcode == 47003
    assert raised.value.errmsg == f"argument invalid! data.{key}.value invalid"


@pytest.mark.parametrize("data", [None, {}, {"thing1": "bare"}, {"thing1": {"value": ""}}])
def test_missing_values_are_reported_empty(data: object) -> None:
    with pytest.raises(ApiError) as raised:
        validate_template_data(("thing1",), data)

    assert raised.value.errmsg == "argument invalid! data.thing1.value is emtpy"
