"""downloadFile: the signed link itself; it carries its own proof, so no session is needed."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.errors import NotFound
from miniapp_api.files.resources import FILES
from miniapp_api.files.schemas import TokenParams
from miniapp_api.files.transfer import DOWNLOAD_TYPES, stream
from miniapp_api.operations import OperationTable
from workflows.audit import record_change
from workflows.files import access, links

table = OperationTable(tags=("files",), audience="public")


@table.get(
    "/api/files/download/{token}", "downloadFile", errors=(403, 404, 410),
    file_types=DOWNLOAD_TYPES,
)  # fmt: skip
async def download(request: web.Request, params: TokenParams, now: datetime) -> web.StreamResponse:
    """The file behind a link from linkUpload, linkCaseMaterial or linkLibraryEntry, while the
    link is valid and its audience may still read the file"""
    services = request.app[FILES]
    claims = links.verify(services.link_key, params.token, now)
    principal = await links.audience_principal(claims)
    if principal is None:
        raise NotFound("no such file", code="file_not_found")
    if claims.kind == "upload":
        obj = await access.readable_upload(principal, claims.object_id)
    elif claims.kind == "material":
        obj = await access.readable_material(principal, claims.object_id)
    else:
        obj = await access.readable_entry(principal, claims.object_id)
    await record_change(principal.actor, "file.download", claims.kind, claims.object_id)
    return await stream(request, services, obj.blob_id, obj.file_name)  # type: ignore[union-attr]
