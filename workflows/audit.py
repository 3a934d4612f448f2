"""One helper to record who changed what: call it inside the transaction of the change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypedDict, Unpack

from models.audit import AuditRecord

ActorKind = Literal["citizen", "staff", "system"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: int | None
    request_id: str = ""

    @classmethod
    def system(cls, request_id: str = "") -> Actor:
        return cls(kind="system", id=None, request_id=request_id)


class Details(TypedDict, total=False):
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str


async def record_change(
    actor: Actor, action: str, object_type: str, object_id: int | str, **details: Unpack[Details]
) -> AuditRecord:
    record = change_record(actor, action, object_type, object_id, **details)
    await record.save()
    return record


def change_record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditRecord:
    """The row record_change writes, unsaved: for a statement that writes it with the change."""
    return AuditRecord(
        actor_kind=actor.kind,
        actor_id=actor.id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        note=note,
        request_id=actor.request_id,
    )


@dataclass(frozen=True)
class Change:
    """One change among many recorded at once (a job's batch), see `record_changes`."""

    action: str
    object_type: str
    object_id: int | str
    after: dict[str, Any] | None = None


async def record_changes(actor: Actor, changes: list[Change]) -> None:
    """Like record_change for a whole batch, in one INSERT: a job issuing thousands of cards
    would otherwise spend its time on round trips."""
    await AuditRecord.bulk_create(
        [
            AuditRecord(
                actor_kind=actor.kind,
                actor_id=actor.id,
                action=change.action,
                object_type=change.object_type,
                object_id=str(change.object_id),
                after=change.after,
                request_id=actor.request_id,
            )
            for change in changes
        ]
    )
