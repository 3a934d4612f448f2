"""Every refused inbound request leaves an audit row, though the refusal itself changes nothing.

Written after the refused change rolled back, in a transaction of its own.
"""

from __future__ import annotations

from workflows.audit import Actor, record_change


async def record_refusal(
    operation: str, code: str, message: str, *, reference: str = "", request_id: str = ""
) -> None:
    await record_change(
        Actor.system(request_id),
        "exchange.refused",
        "exchange",
        reference[:64] or operation,
        after={"operation": operation, "code": code, "message": message[:500]},
        note=f"{operation}: {code}",
    )
