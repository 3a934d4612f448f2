"""Our events in the province's words: the one module (with [exchange] config) a deployment whose
province names fields differently changes.

The outbox keeps each event in our own names (workflows/exchange/events.py); the notifier maps it
here when it sends, so a renamed field applies to what is still waiting too. Field names follow
the national 好差评 technical scheme's data items where it names them (办件编号 projectNo,
事项编码 taskCode, 评价渠道 pf, 评价等级 alternate); the codes below are this deployment's.
"""

from __future__ import annotations

from typing import Any

# Our case actions -> the province's step codes (seed 000 §二(三): every step gathered upward).
STEP_CODES = {
    "submit": "SQ",  # 申请
    "register": "SQ",
    "pre_review": "YS",  # 预审
    "accept": "SL",  # 受理
    "refuse": "BYSL",  # 不予受理
    "request_correction": "BZ",  # 补正告知
    "resubmit": "BZTJ",  # 补正提交
    "start_review": "SC",  # 审查
    "approve": "JD",  # 决定: 准予
    "deny": "JD",  # 决定: 不予
    "deliver": "SD",  # 送达/办结
    "forward": "ZB",  # 转报
}
# 评价渠道: our review channels -> the scheme's platform codes.
REVIEW_CHANNELS = {"online": "1", "mobile": "2", "hall": "3"}
# 评价等级: 5 非常满意 ... 1 非常不满意.
GRADES = {
    "very_satisfied": "5",
    "satisfied": "4",
    "basically_satisfied": "3",
    "dissatisfied": "2",
    "very_dissatisfied": "1",
}
COMPLAINT_ACTIONS = {
    "accepted": "SL",
    "deemed_accepted": "SL",
    "department_accepted": "SL",  # 签收 by the department
    "returned": "TH",  # 退回 (派单异议)
    "replied": "HF",  # 答复
    "extension_requested": "YQSQ",
    "extended": "YQ",  # 延期
    "extension_rejected": "YQBH",
    "closed_resolved": "BJ",  # 办结
    "closed_invalid": "BJWX",  # 办结: 无效 (cannot be verified or untrue, art. 32(6))
    "reopened": "CQ",
}


def wire(spec: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The request for one outbox row: where it goes and its body in the province's names."""
    kind = spec.get("kind", "")
    body = MAPPERS[kind](data) if kind in MAPPERS else dict(data)
    return {"path": str(spec["path"]), "body": body}


def case_step(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "eventId": data["event_id"],
        "projectNo": data["case_no"],
        "taskCode": data["item_code"],
        "taskVersion": data.get("item_version"),
        "deptCode": data["department_code"],
        "stepSeq": data["seq"],
        "stepCode": STEP_CODES.get(data["action"], data["action"]),
        "stepName": data["action"],
        "status": data["status"],
        "occurredAt": data["at"],
        "channel": data.get("channel", ""),
        "opinion": data.get("note", ""),
        "day": data["day"],
    }


def review(data: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "eventId": data["event_id"],
        "eventType": data["event"],  # review | rectification | callback
        "evaluateNo": data["review_id"],
        "projectNo": data.get("case_no", ""),
        "taskCode": data.get("item_code", ""),
        "taskName": data.get("item_name", ""),
        "deptCode": data.get("department_code", ""),
        "pf": REVIEW_CHANNELS.get(data.get("channel", ""), data.get("channel", "")),
        "alternate": GRADES.get(data.get("grade", ""), ""),
        "indicators": data.get("scores", {}),
        "evaluateTime": data.get("reviewed_at", ""),
        "occurredAt": data["at"],
    }
    if "rectification" in data:
        body["rectification"] = data["rectification"]
    if "callback" in data:
        body["callback"] = data["callback"]
    return body


def complaint_feedback(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "eventId": data["event_id"],
        "source": data["source"],
        "complaintNo": data["external_no"],
        "action": COMPLAINT_ACTIONS.get(data["kind"], data["kind"]),
        "actionName": data["kind"],
        "occurredAt": data["at"],
        "deptCode": data.get("department_code", ""),
        "content": data.get("text", ""),
        "deadline": data.get("due_at", ""),
        "closure": data.get("closure", ""),
    }


MAPPERS = {"case_step": case_step, "review": review, "complaint_feedback": complaint_feedback}
