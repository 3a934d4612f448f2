"""What several routing moves share: telling a department, reading a case's routing row."""

from __future__ import annotations

from typing import Any

from models.cases import Case
from workflows.outbox import enqueue, notice_key, to_department


async def tell_department(
    case: Case, department_id: int, event: str, seq: int, **data: Any
) -> None:
    """A group-robot alert to the department that now has a part in the case."""
    await enqueue(
        [
            to_department(
                notice_key("case", case.id, seq, event, "department", department_id),
                department_id,
                f"case_{event}",
                {"case_id": case.id, "case_no": case.case_no, "item_name": case.item_name, **data},
                subject_type="case",
                subject_id=case.id,
            )
        ]
    )
