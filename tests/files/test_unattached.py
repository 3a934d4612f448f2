"""Uploads never attached to an application are removed after [files] unattached_expiry_hours,
with their stored content unless something else refers to it; attached and young ones stay."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from core.storage import LocalStore
from models.audit import AuditRecord
from models.files import FileBlob, MaterialUpload
from tests.files.conftest import application, pdf, stored_files
from worker.jobs import JOBS
from workflows import clock
from workflows.files import intake
from workflows.files.unattached import remove_unattached

DAY = timedelta(hours=24)


async def _upload_id(upload, headers, data: bytes) -> int:
    answer = await upload(headers, data)
    assert answer.status == 201, await answer.text()
    return (await answer.json())["id"]


async def _age(upload_id: int, hours: float) -> None:
    await MaterialUpload.filter(id=upload_id).update(
        created_at=clock.utc_now() - timedelta(hours=hours)
    )


def test_the_job_is_in_the_worker_list() -> None:
    assert "unattached_uploads" in [name for name, _, _ in JOBS]


async def test_old_unattached_goes_young_and_attached_stay(
    client, upload, login_citizen, store_dir: Path
) -> None:
    citizen = await login_citizen("o-ua-1")
    old = await _upload_id(upload, citizen, pdf(1))
    young = await _upload_id(upload, citizen, pdf(2))
    attached = await _upload_id(upload, citizen, pdf(3))
    answer = await client.post(
        "/api/cases", json=application([{"name": "申请书", "upload_id": attached}]),
        headers=citizen,
    )  # fmt: skip
    assert answer.status == 201, await answer.text()
    for upload_id in (old, attached):
        await _age(upload_id, 30)
    await _age(young, 2)
    store = LocalStore(store_dir)
    assert await remove_unattached(store, clock.utc_now(), DAY) == 1
    assert set(await MaterialUpload.all().values_list("id", flat=True)) == {young, attached}
    assert await FileBlob.all().count() == 2 and len(stored_files(store_dir)) == 2
    audit = await AuditRecord.get(action="file.unattached_removed")
    assert audit.actor_kind == "system" and audit.object_id == str(old)
    assert audit.after == {"content_removed": True}
    assert await remove_unattached(store, clock.utc_now(), DAY) == 0  # a second run: nothing


async def test_shared_content_stays_while_someone_refers_to_it(
    upload, login_citizen, store_dir: Path
) -> None:
    first, second = await login_citizen("o-ua-2"), await login_citizen("o-ua-3")
    data = pdf(1)
    old = await _upload_id(upload, first, data)
    await _upload_id(upload, second, data)  # the same content, young
    await _age(old, 30)
    assert await remove_unattached(LocalStore(store_dir), clock.utc_now(), DAY) == 1
    assert await FileBlob.all().count() == 1 and len(stored_files(store_dir)) == 1
    audit = await AuditRecord.get(action="file.unattached_removed")
    assert audit.after == {"content_removed": False}


async def test_two_workers_at_once_remove_each_upload_once(
    upload, login_citizen, store_dir: Path
) -> None:
    citizen = await login_citizen("o-ua-4")
    ids = [await _upload_id(upload, citizen, pdf(1, padding=n + 1)) for n in range(4)]
    for upload_id in ids:
        await _age(upload_id, 30)
    store = LocalStore(store_dir)
    counts = await asyncio.gather(
        remove_unattached(store, clock.utc_now(), DAY),
        remove_unattached(store, clock.utc_now(), DAY),
    )
    assert sum(counts) == 4
    assert await MaterialUpload.all().count() == 0 and await FileBlob.all().count() == 0
    assert stored_files(store_dir) == []
    assert await AuditRecord.filter(action="file.unattached_removed").count() == 4


async def test_an_upload_racing_the_removal_of_its_content_stores_it_again(
    upload, login_citizen, store_dir: Path, monkeypatch
) -> None:
    citizen = await login_citizen("o-ua-5")
    data = pdf(1)
    await _age(await _upload_id(upload, citizen, data), 30)
    real_blob_row = intake.blob_row
    calls = []

    async def removed_meanwhile(*args):  # type: ignore[no-untyped-def]
        blob = await real_blob_row(*args)
        if not calls:  # the job runs between finding the row and referring to it
            await remove_unattached(LocalStore(store_dir), clock.utc_now(), DAY)
        calls.append(blob.id)
        return blob

    monkeypatch.setattr(intake, "blob_row", removed_meanwhile)
    answer = await upload(citizen, data)
    assert answer.status == 201, await answer.text()
    assert len(calls) == 2 and await FileBlob.all().count() == 1
    assert len(stored_files(store_dir)) == 1
