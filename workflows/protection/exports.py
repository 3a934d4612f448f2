"""Export control (seed 002 art. 29): every file export names who made it and when, inside the
file, and is audited with the people it contains; personal values are masked in it unless the
role may see them whole.

For an export with personal data: `mark = await exported(principal, "cases.csv", now, tz,
people={"case": ids})`, write `mark.line` as the file's first row, and pass each personal value
through `mark.show(value, mask_phone)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from models.people import StaffAccount, StaffRole
from workflows.audit import record_change
from workflows.authz import Principal

# Roles that may see personal values whole in an export (the handling staff); others get them
# masked.
FULL_VALUE_ROLES = (StaffRole.HANDLER, StaffRole.CLERK)


@dataclass(frozen=True)
class ExportMark:
    line: str
    full_values: bool

    def show(self, value: str | None, mask: Callable[[str | None], str | None]) -> str:
        return (value if self.full_values else mask(value)) or ""


async def exported(
    principal: Principal,
    what: str,
    now: datetime,
    tz: ZoneInfo,
    *,
    people: dict[str, list[int]] | None = None,
    scope: dict[str, str] | None = None,
) -> ExportMark:
    """Audit the export (who, when, what, which people) and give its watermark."""
    staff = await StaffAccount.get_or_none(id=principal.id) if principal.is_staff else None
    who = f"{staff.username}（{staff.name}）" if staff else f"{principal.kind} {principal.id}"
    at = now.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    full = principal.has_role(*FULL_VALUE_ROLES)
    await record_change(
        principal.actor,
        "export.made",
        "export",
        what,
        after={
            "what": what,
            "people": people or {},
            "scope": scope or {},
            "full_values": full,
        },
    )
    return ExportMark(
        line=f"导出人：{who}  导出时间：{at}  仅限工作使用，不得外传", full_values=full
    )
