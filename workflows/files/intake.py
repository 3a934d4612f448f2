"""Receiving one file for one material: spool, check, scan, store, record.

The file is streamed to a temporary file while it is hashed and counted (never held whole in
memory) and refused as soon as it passes the material's size limit. Only a file that passed
every check and the virus scan reaches the store, under its sha256 (the same content is kept
once), and only then is its row written. A refusal or an aborted upload leaves no file and no
row: the temporary file is removed whatever happens.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.clamav import ClamdClient, ScanFailed, ScanUnavailable
from core.errors import NotFound, TooLarge, Unavailable, ValidationFailed
from core.settings import FilesSettings
from core.storage import FileStore, StorageError, content_key
from models.cases import Case
from models.catalog import ServiceItem
from models.files import FileBlob, MaterialUpload, ScanResult
from models.people import StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access
from workflows.files.content import Facts, inspect_file
from workflows.files.names import check_file_name
from workflows.files.rules import FileRule, guide_material, rule_for

log = logging.getLogger(__name__)
# Room for the multipart framing around the file itself.
FRAMING_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileServices:
    store: FileStore
    scanner: ClamdClient | None
    settings: FilesSettings
    link_key: bytes


@dataclass(frozen=True)
class Target:
    item: ServiceItem
    material_name: str
    rule: FileRule
    case: Case | None = None


async def item_target(principal: Principal, item_code: str, material: str, limits: FilesSettings):
    """A file for a new application: the item and one of the materials its guide lists."""
    if principal.is_staff and not principal.has_role(StaffRole.CLERK):
        raise NotFound("no such item", code="item_not_found")  # only a window takes files
    item = await ServiceItem.get_or_none(code=item_code)
    if item is None:
        raise NotFound("no such item", code="item_not_found")
    return Target(item, material, rule_for(guide_material(item, material), limits))


async def case_target(
    principal: Principal, case_id: int, material: str, limits: FilesSettings
) -> Target:
    """A file for a case already submitted (a correction): the applicant's own case, or one of
    the department's that its clerks and handlers take materials for. Anyone else: 404."""
    case = await Case.get_or_none(id=case_id)
    if case is None:
        raise NotFound("no such case")
    if principal.is_citizen:
        if case.citizen_id != principal.id:  # type: ignore[attr-defined]
            raise NotFound("no such case")
    else:
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
        if not principal.has_role(StaffRole.CLERK, StaffRole.HANDLER):
            raise NotFound("no such case")
    item = await ServiceItem.get(id=case.item_id)  # type: ignore[attr-defined]
    return Target(item, material, rule_for(guide_material(item, material), limits), case)


def check_declared_length(target: Target, content_length: int | None) -> None:
    """A request that says up front it is too large is refused before a byte is read."""
    if content_length is not None and content_length > target.rule.max_bytes + FRAMING_BYTES:
        raise _too_large(target.rule)


async def receive(
    principal: Principal,
    target: Target,
    file_name: str | None,
    chunks: AsyncIterator[bytes],
    services: FileServices,
    now: datetime,
) -> MaterialUpload:
    name = check_file_name(file_name)
    temp_dir = services.settings.temp_directory or None
    handle, raw_path = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=temp_dir)
    path = Path(raw_path)
    try:
        size, sha256 = await _spool(handle, chunks, target.rule)
        if size == 0:
            raise ValidationFailed("the file is empty", code="file_empty", fields={"file": "empty"})
        facts = await asyncio.to_thread(inspect_file, path, size, target.rule)
        scan = await _scan(services.scanner, path, sha256)
        facts_of_file = (principal, target, name, path, size, sha256, facts, scan, services, now)
        try:
            return await _keep(*facts_of_file)
        except IntegrityError:
            # The content's row went between our finding it and our referring to it: the job
            # that removes unattached uploads took it with its file (workflows/files/
            # unattached.py). The spooled file is still here: store it again, once.
            return await _keep(*facts_of_file)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


async def _spool(handle: int, chunks: AsyncIterator[bytes], rule: FileRule) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    # Hashed and written in the event loop: for a chunk of 64 KiB (miniapp_api/files/transfer.py)
    # both take tens of microseconds (the write lands in the page cache), less than handing the
    # chunk to a thread and back, which took half as much CPU again as the whole upload.
    with os.fdopen(handle, "wb") as spool:
        async for chunk in chunks:
            size += len(chunk)
            if size > rule.max_bytes:
                raise _too_large(rule)
            digest.update(chunk)
            spool.write(chunk)
    return size, digest.hexdigest()


def _too_large(rule: FileRule) -> TooLarge:
    return TooLarge(
        f"this material takes files of at most {rule.max_bytes} bytes",
        code="file_too_large",
        fields={"file": f"over {rule.max_bytes} bytes"},
    )


async def _scan(scanner: ClamdClient | None, path: Path, sha256: str) -> ScanResult:
    if scanner is None:
        return ScanResult.NOT_SCANNED
    try:
        verdict = await scanner.scan_file(path)
    except ScanFailed as error:
        # Logged by content hash only: no name, no person.
        log.warning("upload refused, unscannable: sha256 %s (%s)", sha256, error)
        raise ValidationFailed(
            "the file could not be checked for viruses", code="file_unscannable"
        ) from None
    except ScanUnavailable as error:
        log.error("upload refused, virus scanner unavailable: %s", error)
        raise Unavailable(
            "the virus scanner is unavailable, try again shortly", code="scanner_unavailable"
        ) from None
    if not verdict.clean:
        log.warning("upload refused, infected: %s, sha256 %s", verdict.signature, sha256)
        raise ValidationFailed(
            "the file holds a virus and was not accepted",
            code="file_infected",
            fields={"file": "infected"},
        )
    return ScanResult.CLEAN


async def store_content(
    store: FileStore, path: Path, size: int, sha256: str, media_type: str
) -> tuple[str, bool]:
    """Put the content in the store unless it is there; (key, whether this call put it)."""
    key = content_key(sha256)
    try:
        fresh = not await FileBlob.exists(sha256=sha256) and not await store.exists(key)
        if fresh:
            await store.put(key, path, size, media_type)
    except StorageError as error:
        log.error("file store unavailable: %s", error)
        raise Unavailable(
            "the file store is unavailable, try again shortly", code="storage_unavailable"
        ) from None
    return key, fresh


async def blob_row(key: str, size: int, sha256: str, media_type: str) -> FileBlob:
    try:
        async with in_transaction():
            blob = await FileBlob.get_or_none(sha256=sha256)
            if blob is None:
                blob = await FileBlob.create(
                    sha256=sha256, size=size, media_type=media_type, storage_key=key
                )
            return blob
    except IntegrityError:  # the same content, stored at the same moment by another request
        return await FileBlob.get(sha256=sha256)


async def _keep(
    principal: Principal,
    target: Target,
    name: str,
    path: Path,
    size: int,
    sha256: str,
    facts: Facts,
    scan: ScanResult,
    services: FileServices,
    now: datetime,
) -> MaterialUpload:
    key, fresh = await store_content(services.store, path, size, sha256, facts.media_type)
    try:
        blob = await blob_row(key, size, sha256, facts.media_type)
        async with in_transaction():
            upload = await MaterialUpload.create(
                citizen_id=principal.id if principal.is_citizen else None,
                staff_id=principal.id if principal.is_staff else None,
                item=target.item,
                case=target.case,
                material_name=target.material_name,
                file_name=name,
                blob=blob,
                media_type=facts.media_type,
                size=size,
                sha256=sha256,
                pages=facts.pages,
                width=facts.width,
                height=facts.height,
                scan=scan,
            )
            await record_change(
                principal.actor,
                "file.upload",
                "material_upload",
                upload.id,
                after={"item": target.item.code, "material": target.material_name,
                       "sha256": sha256, "size": size, "scan": scan.value},
            )  # fmt: skip
        return upload
    except BaseException:
        if fresh and not await FileBlob.exists(sha256=sha256):
            await services.store.delete(key)  # nothing refers to it: leave nothing behind
        raise
