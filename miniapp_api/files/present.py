"""How files are shown: what they are and where they came from; never where they are stored."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from models.files import (
    LibraryEntry,
    LibraryKind,
    MaterialSource,
    MaterialUpload,
    ScanResult,
)
from workflows.files.case_materials import case_materials


class FileFacts(BaseModel):
    file_name: str
    media_type: str
    size: int | None
    sha256: str


class UploadOut(FileFacts):
    id: int
    item_code: str
    material_name: str
    pages: int | None
    width: int | None
    height: int | None
    scan: ScanResult
    case_id: int | None
    attached: bool
    created_at: datetime


class Origin(BaseModel):
    """Where a library material came from: the case and department that verified it, or the
    certificate the system issued."""

    kind: LibraryKind
    # What it is, as the holder's library shows it: for a certificate its name and number, so
    # the department can verify it (verifyCertificate) without asking the applicant.
    title: str = ""
    case_no: str | None
    department: str | None
    verified_at: datetime | None
    verified_by: str | None = None  # staff views only
    certificate_id: int | None
    valid_until: datetime | None


class LibraryEntryOut(FileFacts):
    id: int
    material_name: str
    title: str
    has_file: bool
    origin: Origin
    created_at: datetime


class CaseFile(FileFacts):
    id: int
    material_name: str
    source: MaterialSource
    scan: ScanResult | None
    has_file: bool
    verified_at: datetime | None
    verified_by: str | None
    superseded_at: datetime | None
    origin: Origin | None  # a library material's
    created_at: datetime


class LibraryPage(BaseModel):
    entries: list[LibraryEntryOut]


def upload_out(upload: MaterialUpload) -> UploadOut:
    return UploadOut(
        id=upload.id,
        item_code=upload.item.code,
        material_name=upload.material_name,
        file_name=upload.file_name,
        media_type=upload.media_type,
        size=upload.size,
        sha256=upload.sha256,
        pages=upload.pages,
        width=upload.width,
        height=upload.height,
        scan=upload.scan,
        case_id=upload.case_id,  # type: ignore[attr-defined]
        attached=upload.attached_at is not None,
        created_at=upload.created_at,
    )


def origin(entry: LibraryEntry, *, for_staff: bool) -> Origin:
    return Origin(
        kind=entry.kind,
        title=entry.title,
        case_no=entry.origin_case.case_no if entry.origin_case else None,
        department=entry.origin_department.name if entry.origin_department else None,
        verified_at=entry.verified_at,
        verified_by=entry.verified_by.name if for_staff and entry.verified_by else None,
        certificate_id=entry.certificate_id,
        valid_until=entry.valid_until,
    )


def entry_out(entry: LibraryEntry) -> LibraryEntryOut:
    return LibraryEntryOut(
        id=entry.id,
        material_name=entry.material_name,
        title=entry.title,
        file_name=entry.file_name,
        media_type=entry.media_type,
        size=entry.size,
        sha256=entry.sha256,
        has_file=entry.blob_id is not None,  # type: ignore[attr-defined]
        origin=origin(entry, for_staff=False),
        created_at=entry.created_at,
    )


async def case_files(case_id: int, *, for_staff: bool) -> list[CaseFile]:
    """A case's file materials, in the order handed in, each with its source."""
    rows = await case_materials(case_id)
    return [
        CaseFile(
            id=row.id,
            material_name=row.material_name,
            source=row.source,
            file_name=row.file_name,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
            scan=row.scan,
            has_file=row.blob_id is not None,  # type: ignore[attr-defined]
            verified_at=row.verified_at,
            verified_by=row.verified_by.name if for_staff and row.verified_by else None,
            superseded_at=row.superseded_at,
            origin=origin(row.library_entry, for_staff=for_staff) if row.library_entry else None,
            created_at=row.created_at,
        )
        for row in rows
    ]
