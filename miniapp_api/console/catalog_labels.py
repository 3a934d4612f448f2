"""The catalog's words as the console shows them (item types and depths are Chinese already)."""

from __future__ import annotations

from typing import Any

from models.catalog import ItemStatus, ItemType, OnlineDepth
from models.catalog_review import ChangeState

STATUS_LABELS = {
    ItemStatus.DRAFT.value: "草稿（未公开）",
    ItemStatus.PUBLISHED.value: "已发布",
    ItemStatus.SUSPENDED.value: "已暂停",
    ItemStatus.TERMINATED.value: "已终止",
}
CHANGE_LABELS = {
    ChangeState.PENDING.value: "待审核",
    ChangeState.APPROVED.value: "已通过并发布",
    ChangeState.REJECTED.value: "已退回",
    ChangeState.SUPERSEDED.value: "已被新修改取代",
}
ASSURANCE_LABELS = {
    "L0": "无需实名",
    "L1": "手机号验证",
    "L2": "实名认证",
    "L3": "人脸核验",
}
# The guide's fields, in the order a citizen reads them.
FIELD_LABELS = {
    "name": "事项名称",
    "item_type": "事项类型",
    "legal_basis": "设定依据",
    "online_depth": "网办深度",
    "offline_reason": "不能网办的理由",
    "legal_limit_days": "法定办结时限（工作日）",
    "promised_limit_days": "承诺办结时限（工作日）",
    "fees": "收费说明",
    "fee_cents": "收费金额（分）",
    "fee_yuan": "收费金额（元）",
    "certificate_name": "办理结果（电子证照）",
    "certificate_valid_days": "证照有效期（天）",
    "conditions": "受理条件",
    "materials": "申请材料",
    "process": "办理流程",
    "notes": "注意事项",
    "faq": "常见问题",
    "themes": "主题",
    "min_assurance": "办理所需身份等级",
    "department_id": "实施部门",
}


def guide_text(value: Any) -> str:
    """A guide field's value in words, for the before/after table of a change."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, list):
        return "；".join(_entry_text(entry) for entry in value)
    return str(value)


def _entry_text(entry: Any) -> str:
    if not isinstance(entry, dict):
        return str(entry)
    if "question" in entry:
        return f"{entry['question']}——{entry.get('answer', '')}"
    if "step" in entry:
        return f"{entry['step']}：{entry.get('description', '')}".rstrip("：")
    parts = [entry.get("name", ""), entry.get("format", ""), f"{entry.get('copies', 1)} 份"]
    return " ".join(part for part in parts if part)


def yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


LABELS = {
    "guide_text": guide_text,
    "yuan": yuan,
    "item_types": [kind.value for kind in ItemType],
    "depths": [depth.value for depth in OnlineDepth],
    "status_labels": STATUS_LABELS,
    "change_labels": CHANGE_LABELS,
    "assurance_labels": ASSURANCE_LABELS,
    "field_labels": FIELD_LABELS,
}
