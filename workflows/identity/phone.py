"""L1: the phone number WeChat verified (getPhoneNumber code exchanged server-side)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.masking import mask_phone
from core.wechat_identity import WeChatIdentityClient
from models.people import AssuranceLevel, Citizen
from workflows.audit import Actor, record_change
from workflows.identity.refusals import audited_refusal

SOURCE = "wechat_phone"


async def verify_phone(
    wechat: WeChatIdentityClient, actor: Actor, code: str, now: datetime
) -> Citizen:
    async with audited_refusal(actor, "L1"):
        phone = await wechat.phone_number(code)
    async with in_transaction():
        citizen = await Citizen.select_for_update().get(id=actor.id)
        before = {"assurance": citizen.assurance.name, "phone": mask_phone(citizen.phone)}
        citizen.phone = phone
        citizen.phone_verified_at = now
        citizen.phone_verified_via = SOURCE
        citizen.assurance = max(citizen.assurance, AssuranceLevel.L1)
        await citizen.save()
        await record_change(
            actor,
            "citizen.phone_verified",
            "citizen",
            citizen.id,
            before=before,
            after={"assurance": citizen.assurance.name, "phone": mask_phone(phone)},
            note=SOURCE,
        )
    return citizen
