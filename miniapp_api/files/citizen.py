"""Handing in files and reading them: uploadMaterial, uploadCaseMaterial, getUpload, the library
and the download links of uploads, case materials and library entries."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from miniapp_api.files.present import (
    LibraryPage,
    UploadOut,
    entry_out,
    upload_out,
)
from miniapp_api.files.resources import FILES
from miniapp_api.files.schemas import (
    CaseIdParams,
    CaseUploadQuery,
    EntryIdParams,
    ItemUploadQuery,
    LibraryQuery,
    LinkOut,
    MaterialIdParams,
    UploadIdParams,
)
from miniapp_api.files.transfer import FILE_FIELD, chunks, file_part, link_for, part_file_name
from miniapp_api.operations import OperationTable
from workflows.authz import Principal
from workflows.files import access, intake, library
from workflows.files.intake import Target

table = OperationTable(tags=("files",), audience="citizen")
UPLOAD_ERRORS = (404, 503)


async def _receive(
    request: web.Request, principal: Principal, target: Target, now: datetime
) -> UploadOut:
    intake.check_declared_length(target, request.content_length)
    part = await file_part(request)
    upload = await intake.receive(
        principal, target, part_file_name(part), chunks(part), request.app[FILES], now
    )
    await upload.fetch_related("item")
    return upload_out(upload)


@table.post(
    "/api/files/uploads", "uploadMaterial", audience="any", status=201,
    errors=UPLOAD_ERRORS, form_file=FILE_FIELD, replayable=False,
)  # fmt: skip
async def upload_material(
    request: web.Request, principal: Principal, query: ItemUploadQuery, now: datetime
) -> UploadOut:
    """Upload one material's file for an application not yet submitted (citizens; clerks for a
    walk-in); submitCase then names it by upload_id"""
    target = await intake.item_target(
        principal, query.item_code, query.material, request.app[FILES].settings
    )
    return await _receive(request, principal, target, now)


@table.post(
    "/api/files/cases/{case_id}/uploads", "uploadCaseMaterial", audience="any", status=201,
    errors=UPLOAD_ERRORS, form_file=FILE_FIELD, replayable=False,
)  # fmt: skip
async def upload_case_material(
    request: web.Request,
    principal: Principal,
    params: CaseIdParams,
    query: CaseUploadQuery,
    now: datetime,
) -> UploadOut:
    """Upload a file for a case's correction (its applicant, or its department's clerks and
    handlers); resubmitCorrection then names it by upload_id"""
    target = await intake.case_target(
        principal, params.case_id, query.material, request.app[FILES].settings
    )
    return await _receive(request, principal, target, now)


@table.get("/api/files/uploads/{upload_id}", "getUpload", audience="any", errors=(404,))
async def get_upload(principal: Principal, params: UploadIdParams) -> UploadOut:
    """One upload: what it is, whether it is on a case"""
    return upload_out(await access.readable_upload(principal, params.upload_id))


@table.get("/api/files/library", "listMyLibrary")
async def list_library(principal: Principal, query: LibraryQuery, now: datetime) -> LibraryPage:
    """The citizen's verified materials and certificates that can stand in for an upload
    (免提交); expired and revoked ones are not offered"""
    entries = await library.offered(principal.id, now, query.material)
    return LibraryPage(entries=[entry_out(entry) for entry in entries])


@table.get("/api/files/uploads/{upload_id}/link", "linkUpload", audience="any", errors=(404,))
async def link_upload(
    request: web.Request, principal: Principal, params: UploadIdParams, now: datetime
) -> LinkOut:
    """A short-lived signed download link for an upload"""
    upload = await access.readable_upload(principal, params.upload_id)
    return link_for(request.app[FILES], principal, "upload", upload.id, now)


@table.get(
    "/api/files/materials/{material_id}/link", "linkCaseMaterial", audience="any", errors=(404,)
)
async def link_material(
    request: web.Request, principal: Principal, params: MaterialIdParams, now: datetime
) -> LinkOut:
    """A short-lived signed download link for one of a case's materials (the applicant, the
    handling department, supervisors)"""
    material = await access.readable_material(principal, params.material_id)
    return link_for(request.app[FILES], principal, "material", material.id, now)


@table.get("/api/files/library/{entry_id}/link", "linkLibraryEntry", errors=(404,))
async def link_entry(
    request: web.Request, principal: Principal, params: EntryIdParams, now: datetime
) -> LinkOut:
    """A short-lived signed download link for a library entry's file"""
    entry = await access.readable_entry(principal, params.entry_id)
    return link_for(request.app[FILES], principal, "library", entry.id, now)
