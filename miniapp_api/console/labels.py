"""Chinese labels of ticket and rectification values, as the console shows them."""

from __future__ import annotations

from models.reviews import Classification, ContactMethod, RectificationState
from models.tickets import Closure, RefusalReason, TicketColumn, TicketState, Urgency
from workflows.tickets.rules import REFUSAL_TEXTS

STATE_LABELS = {
    TicketState.SUBMITTED: "待甄别",
    TicketState.REFUSED: "不予受理",
    TicketState.ACCEPTED: "已受理，待交办",
    TicketState.ASSIGNED: "已交办，待签收",
    TicketState.RETURNED: "已退回，待重新交办",
    TicketState.IN_HANDLING: "办理中",
    TicketState.CLOSED: "已办结",
    TicketState.MERGED: "已合并",
}
COLUMN_LABELS = {
    TicketColumn.CONSULT: "咨询",
    TicketColumn.COMPLAINT: "投诉",
    TicketColumn.SUGGESTION: "建议",
}
URGENCY_LABELS = {
    Urgency.URGENT: "紧急",
    Urgency.FAIRLY_URGENT: "一般紧急",
    Urgency.ORDINARY: "普通",
}
REFUSAL_LABELS: dict[RefusalReason, str] = dict(REFUSAL_TEXTS)
CLOSURE_LABELS = {Closure.RESOLVED: "已解决", Closure.INVALID: "无效（无法核实或不属实）"}
STEP_LABELS = {
    "submitted": "提交",
    "note": "补充说明",
    "accepted": "甄别受理",
    "refused": "不予受理",
    "assigned": "交办",
    "returned": "退回",
    "deemed_accepted": "视为签收",
    "department_accepted": "部门签收",
    "replied": "答复",
    "delay_explained": "超期说明",
    "extension_requested": "延期申请",
    "extension_rejected": "延期未获批准",
    "extended": "延期",
    "closed_resolved": "办结（已解决）",
    "closed_invalid": "办结（无效）",
    "merged": "并入其他诉求",
    "merged_in": "合并同一诉求",
    "urged": "督办",
    "callback_done": "回访",
    "reopened": "重新办理",
}

RECT_STATE_LABELS = {
    RectificationState.OPEN: "待联系核实",
    RectificationState.INVALID_REQUESTED: "已申请无效差评，待复核",
    RectificationState.RECTIFYING: "整改中",
    RectificationState.AWAITING_CALLBACK: "已整改，待回访",
    RectificationState.CLOSED: "已办结",
    RectificationState.INVALID: "无效差评",
}
CLASSIFICATION_LABELS = {
    Classification.SIMPLE: "情况清楚、诉求合理（立行立改）",
    Classification.COMPLEX: "情况复杂（限期整改）",
    Classification.UNTRUE: "不实评价",
    Classification.MISTAKEN: "误评",
    Classification.MALICIOUS: "恶意差评",
}
CONTACT_METHOD_LABELS = {
    ContactMethod.PHONE: "电话",
    ContactMethod.SMS: "短信",
    ContactMethod.IN_APP: "小程序消息",
    ContactMethod.VISIT: "上门",
}
