"""Every refused verification leaves an audit entry (who, which step, why), and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core.errors import DomainError
from workflows.audit import Actor, record_change


@asynccontextmanager
async def audited_refusal(actor: Actor, step: str) -> AsyncIterator[None]:
    """Run a verification step; a domain error from it is audited, then raised unchanged."""
    try:
        yield
    except DomainError as error:
        if error.kind in ("unavailable", "rate_limited"):
            raise  # the outside system failed, the person did nothing wrong
        await record_change(
            actor,
            "identity.refused",
            "citizen",
            actor.id or 0,
            after={"step": step, "code": error.code},
        )
        raise
