"""Subscription consent quota: reported by the mini-app, taken one per subscribe message."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.subscriptions import SubscriptionQuota
from workflows.audit import Actor, record_change

# What wx.requestSubscribeMessage reports per template id.
ACCEPT = "accept"


async def report(
    actor: Actor, citizen_id: int, results: dict[str, str], known_template_ids: Iterable[str]
) -> dict[str, int]:
    """Add one message of quota per accepted, known template; return what remains of each."""
    known = set(known_template_ids)
    accepted = sorted(t for t, answer in results.items() if answer == ACCEPT and t in known)
    async with in_transaction():
        for template_id in accepted:
            quota, _ = await SubscriptionQuota.get_or_create(
                citizen_id=citizen_id, template_id=template_id
            )
            await SubscriptionQuota.filter(id=quota.id).update(remaining=F("remaining") + 1)
        if accepted:
            await record_change(
                actor, "subscriptions.reported", "citizen", citizen_id, after={"accepted": accepted}
            )
    rows = await SubscriptionQuota.filter(
        citizen_id=citizen_id, template_id__in=sorted(known & set(results))
    ).values_list("template_id", "remaining")
    return {template_id: remaining for template_id, remaining in rows}


async def take(citizen_id: int, template_id: str) -> bool:
    """Use one message of quota; False when the citizen has none left."""
    taken = await SubscriptionQuota.filter(
        citizen_id=citizen_id, template_id=template_id, remaining__gt=0
    ).update(remaining=F("remaining") - 1)
    return taken > 0


async def give_back(citizen_id: int, template_id: str) -> None:
    """WeChat did not deliver (busy, network), so its quota was not used either."""
    await SubscriptionQuota.filter(citizen_id=citizen_id, template_id=template_id).update(
        remaining=F("remaining") + 1
    )


async def forget(citizen_id: int, template_id: str) -> None:
    """WeChat says the user refused (43101): our count was wrong, trust WeChat."""
    await SubscriptionQuota.filter(citizen_id=citizen_id, template_id=template_id).update(
        remaining=0
    )
