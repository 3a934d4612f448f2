"""The sms.tencentcloudapi.com endpoint: one POST "/", the action in X-TC-Action."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import web

from devtools.sms_sim.auth import SimError, check_signature
from devtools.sms_sim.state import PHONE, SmsSimState

STATE: web.AppKey[SmsSimState] = web.AppKey("sms_sim_state", SmsSimState)
Action = Callable[[SmsSimState, dict[str, Any]], dict[str, Any]]


def _status(phone: str, context: str, code: str, message: str, serial: str = "") -> dict[str, Any]:
    return {
        "SerialNo": serial,
        "PhoneNumber": phone,
        "Fee": 1 if code == "Ok" else 0,
        "SessionContext": context,
        "Code": code,
        "Message": message,
        "IsoCode": "CN" if phone.startswith("+86") else "",
    }


def send_sms(state: SmsSimState, body: dict[str, Any]) -> dict[str, Any]:
    if str(body.get("SmsSdkAppId", "")) != state.sdk_app_id:
        raise SimError("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail")
    if body.get("SignName") != state.sign_name:
        raise SimError("FailedOperation.SignatureIncorrectOrUnapproved", "signature unapproved")
    template = state.templates.get(str(body.get("TemplateId", "")))
    if template is None:
        raise SimError("FailedOperation.TemplateIncorrectOrUnapproved", "template unapproved")
    params = body.get("TemplateParamSet") or []
    if not isinstance(params, list) or len(params) != template.params:
        raise SimError(
            "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
            "the number of parameters does not match the approved template",
        )
    for value in params:
        problem = state.check_param(template, value)
        if problem:
            raise SimError(problem, "a template parameter is invalid")
    phones = body.get("PhoneNumberSet") or []
    if not isinstance(phones, list) or not 1 <= len(phones) <= 200:
        raise SimError("InvalidParameterValue.InvalidPhoneNumberSet", "1 to 200 numbers")
    context = str(body.get("SessionContext", ""))
    statuses = []
    for phone in map(str, phones):
        if not PHONE.fullmatch(phone):
            statuses.append(
                _status(
                    phone, context, "InvalidParameterValue.IncorrectPhoneNumber", "incorrect number"
                )
            )
        elif phone in state.blacklist:
            statuses.append(
                _status(
                    phone, context, "FailedOperation.PhoneNumberInBlacklist", "number in blacklist"
                )
            )
        elif (limited := state.limit_refusal(phone)) is not None:
            statuses.append(_status(phone, context, limited, "frequency limit"))
        else:
            sent = state.deliver(phone, template.template_id, params, context)
            statuses.append(_status(phone, context, "Ok", "send success", sent.serial_no))
    return {"SendStatusSet": statuses}


def pull_status(state: SmsSimState, body: dict[str, Any]) -> dict[str, Any]:
    _check_app(state, body)
    limit = _int(body, "Limit", 1, 100)
    return {"PullSmsSendStatusSet": state.pull_receipts(limit)}


def pull_replies(state: SmsSimState, body: dict[str, Any]) -> dict[str, Any]:
    _check_app(state, body)
    return {"PullSmsReplyStatusSet": state.pull_replies(_int(body, "Limit", 1, 100))}


def status_by_number(state: SmsSimState, body: dict[str, Any]) -> dict[str, Any]:
    _check_app(state, body)
    since, until = _int(body, "BeginTime", 0, 2**40), _int(body, "EndTime", 0, 2**40)
    found = state.receipts_of(str(body.get("PhoneNumber", "")), since, until)
    offset, limit = _int(body, "Offset", 0, 2**31), _int(body, "Limit", 1, 100)
    return {"PullSmsSendStatusSet": found[offset : offset + limit]}


ACTIONS: dict[str, Action] = {
    "SendSms": send_sms,
    "PullSmsSendStatus": pull_status,
    "PullSmsSendStatusByPhoneNumber": status_by_number,
    "PullSmsReplyStatus": pull_replies,
}


def _check_app(state: SmsSimState, body: dict[str, Any]) -> None:
    if str(body.get("SmsSdkAppId", "")) != state.sdk_app_id:
        raise SimError("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail")


def _int(body: dict[str, Any], name: str, low: int, high: int) -> int:
    value = body.get(name)
    if not isinstance(value, int) or not low <= value <= high:
        raise SimError("InvalidParameterValue", f"{name} must be an integer in [{low}, {high}]")
    return value


def _answer(payload: dict[str, Any]) -> web.Response:
    return web.json_response({"Response": {**payload, "RequestId": str(uuid.uuid4())}})


async def endpoint(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await request.read()
    action_name = request.headers.get("X-TC-Action", "")
    state.calls.append(action_name)
    try:
        check_signature(request, body, state)
        action = ACTIONS.get(action_name)
        if action is None:
            raise SimError("InvalidAction", f"the action {action_name!r} does not exist")
        try:
            data = json.loads(body)
        except ValueError:
            raise SimError("InvalidParameter", "the body is not JSON") from None
        if not isinstance(data, dict):
            raise SimError("InvalidParameter", "the body is not a JSON object")
        fault = state.next_fault(action_name)
        if fault is not None and not fault.deliver_first:
            await asyncio.sleep(fault.delay)
            if fault.http_status is not None:
                return web.Response(status=fault.http_status, text="simulated failure")
            if fault.code:
                raise SimError(fault.code, fault.message or "injected fault")
        result = action(state, data)
        if fault is not None and fault.deliver_first:
            await asyncio.sleep(fault.delay)  # accepted and delivered, but answered late
        return _answer(result)
    except SimError as error:
        return _answer({"Error": {"Code": error.code, "Message": error.message}})


def add_routes(app: web.Application, state: SmsSimState) -> None:
    app[STATE] = state
    app.router.add_post("/", endpoint)
