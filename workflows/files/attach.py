"""Materials of an application or a correction that are files: an upload or a library entry.

Called inside the transaction that creates the case or takes its correction, so a reference that
is refused (someone else's upload or entry: 404; used already, expired, for another material:
409) leaves no case and no change behind. A material given as a free-text `ref` stays as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.errors import Conflict, NotFound
from models.cases import Case
from models.files import CaseMaterial, LibraryEntry, MaterialSource, MaterialUpload
from workflows.authz import Principal
from workflows.files.library import usable


async def attach_materials(
    principal: Principal,
    case: Case,
    materials: list[dict[str, Any]],
    now: datetime,
    *,
    replacing: bool = False,
) -> list[dict[str, Any]]:
    """The materials as the case keeps them ({name, ref}, plus the id of the file's source)."""
    if replacing:
        names = [m["name"] for m in materials]
        await CaseMaterial.filter(
            case_id=case.id, material_name__in=names, superseded_at=None
        ).update(superseded_at=now)
    kept: list[dict[str, Any]] = []
    for material in materials:
        name = material["name"]
        if (upload_id := material.get("upload_id")) is not None:
            await _attach_upload(principal, case, name, upload_id, now)
            kept.append({"name": name, "ref": f"upload:{upload_id}", "upload_id": upload_id})
        elif (entry_id := material.get("library_entry_id")) is not None:
            await _attach_entry(principal, case, name, entry_id, now)
            kept.append({"name": name, "ref": f"library:{entry_id}", "library_entry_id": entry_id})
        else:
            kept.append(material)
    return kept


async def _attach_upload(
    principal: Principal, case: Case, name: str, upload_id: int, now: datetime
) -> None:
    upload = await MaterialUpload.select_for_update().get_or_none(id=upload_id)
    owner = None
    if upload is not None:
        owner = upload.citizen_id if principal.is_citizen else upload.staff_id  # type: ignore[attr-defined]
    if upload is None or owner != principal.id:
        raise NotFound("no such upload", code="upload_not_found", fields={"materials": name})
    if upload.attached_at is not None or upload.case_id not in (None, case.id):  # type: ignore[attr-defined]
        raise Conflict("this upload is already part of a case", code="upload_already_used")
    if upload.item_id != case.item_id or upload.material_name != name:  # type: ignore[attr-defined]
        raise Conflict(
            "this upload was made for another item or material", code="upload_other_material",
            fields={"materials": name},
        )  # fmt: skip
    upload.case_id = case.id  # type: ignore[attr-defined]
    upload.attached_at = now
    await upload.save(update_fields=["case_id", "attached_at", "updated_at"])
    await CaseMaterial.create(
        case=case, material_name=name, source=MaterialSource.UPLOAD, upload=upload,
        blob_id=upload.blob_id, file_name=upload.file_name, media_type=upload.media_type,  # type: ignore[attr-defined]
        size=upload.size, sha256=upload.sha256, scan=upload.scan,
    )  # fmt: skip


async def _attach_entry(
    principal: Principal, case: Case, name: str, entry_id: int, now: datetime
) -> None:
    # The applicant's own entries; at the window, those of the person the case belongs to.
    holder = principal.id if principal.is_citizen else case.citizen_id  # type: ignore[attr-defined]
    entry = await LibraryEntry.get_or_none(id=entry_id)
    if entry is None or holder is None or entry.citizen_id != holder:  # type: ignore[attr-defined]
        raise NotFound(
            "no such library entry", code="library_entry_not_found", fields={"materials": name}
        )
    if not usable(entry, now):
        raise Conflict(
            "this library entry has expired or was revoked", code="library_entry_expired",
            fields={"materials": name},
        )  # fmt: skip
    if entry.material_name != name:
        raise Conflict(
            f"this library entry is a {entry.material_name}, not a {name}",
            code="library_entry_other_material", fields={"materials": name},
        )  # fmt: skip
    await CaseMaterial.create(
        case=case, material_name=name, source=MaterialSource.LIBRARY, library_entry=entry,
        blob_id=entry.blob_id, file_name=entry.file_name, media_type=entry.media_type,  # type: ignore[attr-defined]
        size=entry.size, sha256=entry.sha256,
    )  # fmt: skip
