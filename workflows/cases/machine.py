"""The case state machine (DOMAIN.md "Applications and progress", seed 002 art. 16).

submitted → (pre-review) → accepted | not accepted | correction needed → under review →
approved | denied → delivered. Who may do what:
- clerks (窗口) register walk-ins, pre-review at the window, ask for correction at pre-review,
  take corrected materials and hand out results (deliver);
- handlers (承办部门) do every step of their own department's cases;
- supervisors and admins watch every department but do not handle cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.cases import CaseStatus
from models.people import StaffRole

S = CaseStatus
CLERK, HANDLER = StaffRole.CLERK, StaffRole.HANDLER


class CaseAction(StrEnum):
    PRE_REVIEW = "pre_review"
    ACCEPT = "accept"
    REFUSE = "refuse"  # 不予受理
    REQUEST_CORRECTION = "request_correction"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    DENY = "deny"
    DELIVER = "deliver"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[CaseStatus]
    target: CaseStatus | None  # None: decided by the workflow (correction keeps a resume point)
    roles: frozenset[StaffRole]
    reason_required: bool = False


RULES: dict[CaseAction, Rule] = {
    CaseAction.PRE_REVIEW: Rule(
        frozenset({S.SUBMITTED}), S.PRE_REVIEW, frozenset({CLERK, HANDLER})
    ),
    CaseAction.ACCEPT: Rule(
        frozenset({S.SUBMITTED, S.PRE_REVIEW}), S.ACCEPTED, frozenset({HANDLER})
    ),
    CaseAction.REFUSE: Rule(
        frozenset({S.SUBMITTED, S.PRE_REVIEW}), S.NOT_ACCEPTED, frozenset({HANDLER}), True
    ),
    # Before acceptance at the window or by the department; after it, only the department.
    CaseAction.REQUEST_CORRECTION: Rule(
        frozenset({S.SUBMITTED, S.PRE_REVIEW, S.ACCEPTED, S.UNDER_REVIEW}),
        S.CORRECTION_NEEDED,
        frozenset({CLERK, HANDLER}),
    ),
    CaseAction.START_REVIEW: Rule(frozenset({S.ACCEPTED}), S.UNDER_REVIEW, frozenset({HANDLER})),
    CaseAction.APPROVE: Rule(frozenset({S.UNDER_REVIEW}), S.APPROVED, frozenset({HANDLER})),
    CaseAction.DENY: Rule(frozenset({S.UNDER_REVIEW}), S.DENIED, frozenset({HANDLER}), True),
    CaseAction.DELIVER: Rule(
        frozenset({S.APPROVED, S.DENIED}), S.DELIVERED, frozenset({CLERK, HANDLER})
    ),
}
CLERK_CORRECTION_SOURCES = frozenset({S.SUBMITTED, S.PRE_REVIEW})
# Statuses in which the department has not yet accepted: the acceptance period runs.
BEFORE_ACCEPTANCE = frozenset({S.SUBMITTED, S.PRE_REVIEW})
FINAL = frozenset({S.NOT_ACCEPTED, S.DELIVERED, S.WITHDRAWN, S.CORRECTION_EXPIRED})
# Before a decision the applicant may withdraw (撤回); after it the case runs to delivery.
WITHDRAWABLE = frozenset(
    {S.SUBMITTED, S.PRE_REVIEW, S.ACCEPTED, S.CORRECTION_NEEDED, S.UNDER_REVIEW}
)

STATUS_LABELS: dict[CaseStatus, str] = {
    S.SUBMITTED: "已提交",
    S.PRE_REVIEW: "预审中",
    S.ACCEPTED: "已受理",
    S.NOT_ACCEPTED: "不予受理",
    S.CORRECTION_NEEDED: "待补正",
    S.UNDER_REVIEW: "审查中",
    S.APPROVED: "准予办理",
    S.DENIED: "不予办理",
    S.DELIVERED: "已办结",
    S.WITHDRAWN: "已撤回",
    S.CORRECTION_EXPIRED: "补正逾期终止",
}
