"""The tamper-evident audit trail: every entry chained to the one before by an SM3 hash.

One stream for the whole trail, in seal order. Entries are written as they always were, inside
the transaction of their change (no global lock there); `seal` then numbers the unsealed ones
and chains them, under a lock on the chain's head row, from the worker every few seconds and
before every verification. `verify` recomputes the chain and names every edited entry and every
gap (deleted entries), including entries deleted from the end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.crypto import sm3_hex
from models.audit import AuditRecord
from models.protection import AuditChainHead
from workflows.rows import locked

GENESIS = sm3_hex(b"handheld-office audit chain")
SEAL_BATCH = 500
HEAD_ID = 1


def entry_hash(record: AuditRecord, seq: int, prev_hash: str) -> str:
    at = record.at.astimezone(UTC) if record.at.tzinfo else record.at.replace(tzinfo=UTC)
    content: list[Any] = [
        seq,
        prev_hash,
        record.id,
        at.isoformat(timespec="microseconds"),
        record.actor_kind,
        record.actor_id,
        record.action,
        record.object_type,
        record.object_id,
        record.before,
        record.after,
        record.note,
        record.request_id,
    ]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sm3_hex(text.encode())


async def _head() -> AuditChainHead:
    head, _ = await AuditChainHead.get_or_create(
        id=HEAD_ID, defaults={"last_hash": GENESIS, "base_hash": GENESIS}
    )
    return head


async def seal(batch: int = SEAL_BATCH) -> int:
    """Chain the entries not yet sealed; returns how many were sealed."""
    await _head()
    sealed = 0
    while True:
        async with in_transaction():
            head = await locked(AuditChainHead, HEAD_ID, "audit chain")
            records = await AuditRecord.filter(seq=None).order_by("id").limit(batch)
            if not records:
                return sealed
            seq, prev = head.last_seq, head.last_hash
            for record in records:
                seq += 1
                record.seq, record.prev_hash = seq, prev
                record.entry_hash = prev = entry_hash(record, seq, prev)
            await AuditRecord.bulk_update(records, fields=["seq", "prev_hash", "entry_hash"])
            head.last_seq, head.last_hash = seq, prev
            await head.save(update_fields=["last_seq", "last_hash"])
            sealed += len(records)


@dataclass
class ChainReport:
    checked: int = 0
    unsealed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


async def verify(page: int = 2000) -> ChainReport:
    """Walk the chain from its base; name each edited entry and each run of deleted ones."""
    head = await _head()
    report = ChainReport(unsealed=await AuditRecord.filter(seq=None).count())
    expected_seq, prev = head.base_seq + 1, head.base_hash
    after = head.base_seq
    while True:
        records = await AuditRecord.filter(seq__gt=after).order_by("seq").limit(page)
        if not records:
            break
        for record in records:
            seq = int(record.seq or 0)
            if seq != expected_seq:
                report.problems.append(_gap(expected_seq, seq - 1))
                prev = record.prev_hash or ""
            elif record.prev_hash != prev:
                report.problems.append(
                    f"entry seq {seq} (id {record.id}) does not follow entry seq {seq - 1}"
                )
            if entry_hash(record, seq, record.prev_hash or "") != record.entry_hash:
                report.problems.append(
                    f"entry seq {seq} (id {record.id}, {record.action}) was edited"
                )
            prev, expected_seq = record.entry_hash or "", seq + 1
            report.checked += 1
        after = int(records[-1].seq or 0)
    if expected_seq <= head.last_seq:
        report.problems.append(_gap(expected_seq, head.last_seq))
    elif expected_seq - 1 == head.last_seq and prev != head.last_hash:
        report.problems.append(f"the last entry (seq {head.last_seq}) is not the one sealed")
    return report


def _gap(first: int, last: int) -> str:
    if first == last:
        return f"entry seq {first} was deleted"
    return f"entries seq {first} to {last} were deleted"


async def drop_expired(before: datetime) -> int:
    """Retention: delete the oldest sealed entries written before `before`, a prefix of the
    chain only, keeping the hash of the last one dropped as the chain's new base."""
    await seal()
    async with in_transaction():
        head = await locked(AuditChainHead, HEAD_ID, "audit chain")
        newest_old = (
            await AuditRecord.filter(seq__gt=head.base_seq, at__lt=before).order_by("-seq").first()
        )
        if newest_old is None:
            return 0
        # Only a prefix: an old entry sealed after a newer one waits for the next run.
        first_new = (
            await AuditRecord.filter(seq__gt=head.base_seq, at__gte=before).order_by("seq").first()
        )
        cut = newest_old.seq if first_new is None else min(newest_old.seq, first_new.seq - 1)
        if cut is None or cut <= head.base_seq:
            return 0
        last = await AuditRecord.get(seq=cut)
        dropped = await AuditRecord.filter(seq__gt=head.base_seq, seq__lte=cut).delete()
        head.base_seq, head.base_hash = cut, last.entry_hash or ""
        await head.save(update_fields=["base_seq", "base_hash"])
        return dropped
