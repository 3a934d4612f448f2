"""Uploads never attached to an application are removed after [files] unattached_expiry_hours:
the row, and the stored content unless something else still refers to it.

Each upload goes in its own transaction, deleted only if it is still unattached (a conditional
delete: a second worker, or an application attaching it meanwhile, makes it a no-op). Its content
is removed in that same transaction, after its row: on PostgreSQL the row stays locked until the
commit, so an upload of the same content at that moment fails its foreign key and stores the
content again (intake._keep) instead of pointing at a removed file. The database's RESTRICT keys
are the last word: a content someone refers to cannot be deleted, and the attempt is rolled back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.storage import FileStore, StorageError
from models.files import CaseMaterial, FileBlob, LibraryEntry, MaterialUpload
from workflows.audit import Actor, record_change

log = logging.getLogger(__name__)
BATCH = 200


async def remove_unattached(store: FileStore, now: datetime, max_age: timedelta) -> int:
    """How many unattached uploads older than max_age this call removed."""
    rows = await (
        MaterialUpload.filter(attached_at=None, created_at__lt=now - max_age)
        .order_by("id")
        .limit(BATCH)
    )
    removed = 0
    for upload in rows:
        try:
            removed += await _remove(store, upload)
        except (IntegrityError, StorageError) as error:
            # Referred to meanwhile, or the store is away: nothing changed, the next run retries.
            log.warning("unattached upload %s kept for now: %s", upload.id, error)
    return removed


async def _remove(store: FileStore, upload: MaterialUpload) -> int:
    async with in_transaction():
        if not await MaterialUpload.filter(id=upload.id, attached_at=None).delete():
            return 0  # attached, or removed by another worker
        blob = await FileBlob.get_or_none(id=upload.blob_id)  # type: ignore[attr-defined]
        content_removed = blob is not None and not await _referred_to(blob.id)
        if blob is not None and content_removed:
            await FileBlob.filter(id=blob.id).delete()
            await store.delete(blob.storage_key)
        await record_change(
            Actor.system(), "file.unattached_removed", "material_upload", upload.id,
            before={"material": upload.material_name, "sha256": upload.sha256,
                    "size": upload.size, "created_at": upload.created_at.isoformat()},
            after={"content_removed": content_removed},
        )  # fmt: skip
    return 1


async def _referred_to(blob_id: int) -> bool:
    return (
        await MaterialUpload.exists(blob_id=blob_id)
        or await CaseMaterial.exists(blob_id=blob_id)
        or await LibraryEntry.exists(blob_id=blob_id)
    )
