"""verifyCaseMaterial: the department marks a case's file verified; it joins the library."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.files.present import CaseFile, case_files
from miniapp_api.files.schemas import MaterialIdParams, VerifyIn
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.files.verify import verify_material

table = OperationTable(
    tags=("files",), audience="staff", roles=(StaffRole.CLERK, StaffRole.HANDLER)
)


@table.post(
    "/api/staff/files/materials/{material_id}/verify", "verifyCaseMaterial", errors=(404, 409)
)
async def verify(
    principal: Principal, params: MaterialIdParams, body: VerifyIn, now: datetime
) -> CaseFile:
    """Mark a case's material verified (audited); an uploaded file then joins the applicant's
    library, to be attached instead of uploaded next time (seed 002 art. 26)"""
    material = await verify_material(
        principal, params.material_id, now, valid_until=body.valid_until, note=body.note
    )
    files = await case_files(material.case_id, for_staff=True)  # type: ignore[attr-defined]
    return next(item for item in files if item.id == material.id)
