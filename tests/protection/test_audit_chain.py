"""The audit trail is chained by SM3: verification names an edited entry and deleted ones."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from tortoise import connections

from models.audit import AuditRecord
from workflows.audit import Actor, record_change
from workflows.protection import chain


async def _write(count: int) -> list[AuditRecord]:
    return [
        await record_change(Actor.system(), "test.step", "thing", n, after={"n": n, "名": "值"})
        for n in range(count)
    ]


async def test_intact_chain_verifies(client: TestClient) -> None:
    await _write(5)
    assert await chain.seal() >= 5
    report = await chain.verify()
    assert report.intact and report.checked >= 5 and report.unsealed == 0


async def test_hand_edited_and_deleted_entries_are_named(client: TestClient) -> None:
    records = await _write(8)
    await chain.seal()
    db = connections.get("default")
    edited, deleted, last = records[2], records[5], records[-1]
    await db.execute_script(
        f"UPDATE audit_record SET note = 'nothing happened' WHERE id = {edited.id}"
    )
    await db.execute_script(f"DELETE FROM audit_record WHERE id = {deleted.id}")
    await db.execute_script(f"DELETE FROM audit_record WHERE id = {last.id}")
    edited_seq = (await AuditRecord.get(id=edited.id)).seq
    report = await chain.verify()
    assert not report.intact
    text = "\n".join(report.problems)
    assert f"entry seq {edited_seq} (id {edited.id}, test.step) was edited" in text
    assert f"entry seq {edited_seq + 3} was deleted" in text
    assert f"entry seq {edited_seq + 5} was deleted" in text  # from the end, too
    assert len(report.problems) == 3


async def test_retention_drops_a_prefix_and_the_chain_still_verifies(client: TestClient) -> None:
    from datetime import timedelta

    from workflows import clock

    await _write(4)
    await chain.seal()
    cutoff = clock.utc_now() + timedelta(seconds=1)
    assert await chain.drop_expired(cutoff) >= 4
    await _write(2)
    await chain.seal()
    report = await chain.verify()
    assert report.intact and report.checked == 2
