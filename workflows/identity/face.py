"""L3: WeChat face verification (人脸核身 2.0) against the identity the platform verified.

The check is started with the verified name and ID number (never typed in), and its result is
fetched from WeChat by the server; the mini-app's own report of success counts for nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import UpstreamRejected
from core.kv import KeyValueStore
from core.wechat_identity import FACE_SUCCESS, WeChatIdentityClient
from models.people import AssuranceLevel, Citizen
from workflows.audit import Actor, record_change
from workflows.identity import flows
from workflows.identity.levels import require_level
from workflows.identity.refusals import audited_refusal

FLOW = "face"
SOURCE = "wechat_face"


@dataclass(frozen=True)
class StartedFace:
    verify_id: str
    expires_in: int


async def start_face(wechat: WeChatIdentityClient, kv: KeyValueStore, actor: Actor) -> StartedFace:
    citizen = await Citizen.get(id=actor.id)
    # Level and data go together (binding sets both); checked apart all the same.
    verified = citizen.real_name and citizen.id_number
    require_level(citizen.assurance if verified else AssuranceLevel.L1, AssuranceLevel.L2)
    out_seq_no = "face_" + secrets.token_hex(12)
    session = await wechat.start_face(
        citizen.openid, out_seq_no, citizen.real_name or "", citizen.id_number or ""
    )
    await flows.keep(
        kv, FLOW, session.verify_id, {"citizen": actor.id, "seq": out_seq_no}, session.expires_in
    )
    return StartedFace(session.verify_id, session.expires_in)


async def finish_face(
    wechat: WeChatIdentityClient, kv: KeyValueStore, actor: Actor, verify_id: str, now: datetime
) -> Citizen:
    async with audited_refusal(actor, "L3"):
        flow = await flows.peek(kv, FLOW, verify_id)
        citizen = await Citizen.get(id=actor.id)
        if flow is None or flow["citizen"] != actor.id or not citizen.id_number:
            raise UpstreamRejected(
                "no face check of yours is waiting; start again", code="face_session_invalid"
            )
        verify_ret = await wechat.face_result(
            verify_id, flow["seq"], citizen.openid, citizen.real_name or "", citizen.id_number
        )
        await flows.take(kv, FLOW, verify_id)
        if verify_ret != FACE_SUCCESS:
            raise UpstreamRejected(
                "WeChat did not recognise the face; try again", code="face_not_verified"
            )
    async with in_transaction():
        citizen = await Citizen.select_for_update().get(id=actor.id)
        before = {"assurance": citizen.assurance.name}
        citizen.face_verified_at = now
        citizen.face_verified_via = SOURCE
        citizen.assurance = AssuranceLevel.L3
        await citizen.save()
        await record_change(
            actor,
            "citizen.face_verified",
            "citizen",
            citizen.id,
            before=before,
            after={"assurance": "L3"},
            note=SOURCE,
        )
    return citizen
