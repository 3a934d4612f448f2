"""A department marks a case's material verified (核验); the file then joins the applicant's
library, so the next application need not hand it in again (seed 002 art. 26)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, ValidationFailed
from models.cases import Case
from models.files import CaseMaterial, MaterialSource
from models.people import StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access
from workflows.files.library import add_verified_entry
from workflows.rows import locked


async def verify_material(
    principal: Principal,
    material_id: int,
    now: datetime,
    *,
    valid_until: datetime | None = None,
    note: str = "",
) -> CaseMaterial:
    async with in_transaction():
        material = await locked(
            CaseMaterial, material_id, "material", error_code="material_not_found"
        )
        case = await Case.get(id=material.case_id)  # type: ignore[attr-defined]
        require_department_access(principal, case.department_id, "material")  # type: ignore[attr-defined]
        if not principal.has_role(StaffRole.CLERK, StaffRole.HANDLER):
            raise Forbidden("clerks and handlers verify materials", code="role_required")
        if valid_until is not None and valid_until <= now:
            raise ValidationFailed(
                "valid_until must be in the future", fields={"valid_until": "in the past"}
            )
        if material.superseded_at is not None:
            raise Conflict("a correction replaced this material", code="material_superseded")
        if material.verified_at is None:
            material.verified_at = now
            material.verified_by_id = principal.id  # type: ignore[attr-defined]
            await material.save(update_fields=["verified_at", "verified_by_id", "updated_at"])
            await record_change(
                principal.actor, "case_material.verify", "case_material", material.id,
                after={"case_id": case.id, "material": material.material_name,
                       "sha256": material.sha256},
                note=note,
            )  # fmt: skip
        has_file = material.source == MaterialSource.UPLOAD and material.blob_id is not None  # type: ignore[attr-defined]
        if has_file and case.citizen_id is not None:  # type: ignore[attr-defined]
            await add_verified_entry(
                material, case.citizen_id, case.department_id, principal.actor, now, valid_until,  # type: ignore[attr-defined]
            )  # fmt: skip
    return material
