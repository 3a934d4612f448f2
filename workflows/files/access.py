"""Who may read which file, asked on every read (the link and the download alike).

An upload: the person who handed it in, and the handling department once it is on a case. A
case's material: the applicant, the case's department, and supervisors and admins (who see every
department). A library entry: its citizen. Anyone else is told it does not exist.
"""

from __future__ import annotations

from core.errors import NotFound
from models.cases import Case
from models.files import CaseMaterial, LibraryEntry, MaterialUpload
from workflows.authz import Principal


def _may_read_case(principal: Principal, case: Case) -> bool:
    if principal.is_citizen:
        return case.citizen_id == principal.id  # type: ignore[attr-defined]
    return principal.is_staff and (
        principal.may_see_department(case.department_id)  # type: ignore[attr-defined]
    )


async def readable_upload(principal: Principal, upload_id: int) -> MaterialUpload:
    upload = await MaterialUpload.get_or_none(id=upload_id).select_related("blob", "item")
    missing = NotFound("no such upload", code="upload_not_found")
    if upload is None:
        raise missing
    own = upload.citizen_id if principal.is_citizen else upload.staff_id  # type: ignore[attr-defined]
    if own == principal.id:
        return upload
    case = await Case.get_or_none(id=upload.case_id) if upload.case_id else None  # type: ignore[attr-defined]
    if case is not None and principal.is_staff and _may_read_case(principal, case):
        return upload
    raise missing


async def readable_material(principal: Principal, material_id: int) -> CaseMaterial:
    material = await CaseMaterial.get_or_none(id=material_id).select_related("case", "blob")
    if material is None or not _may_read_case(principal, material.case):
        raise NotFound("no such material", code="material_not_found")
    return material


async def readable_entry(principal: Principal, entry_id: int) -> LibraryEntry:
    entry = await LibraryEntry.get_or_none(id=entry_id).select_related("blob")
    if entry is None or not (principal.is_citizen and entry.citizen_id == principal.id):  # type: ignore[attr-defined]
        raise NotFound("no such library entry", code="library_entry_not_found")
    return entry
