"""One verified identity, one citizen. Moving it to another openid needs a fresh verification
started with rebind=true (the person proved again that the identity is theirs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.masking import mask_id_number, mask_name
from models.people import AssuranceLevel, Citizen
from models.reviews import Review
from models.tickets import Ticket
from workflows.audit import Actor, record_change
from workflows.identity.walk_ins import claim_walk_ins

SOURCE = "province_idp"


@dataclass(frozen=True)
class VerifiedIdentity:
    subject: str
    name: str
    id_number: str
    id_hash: str
    phone: str | None
    level: AssuranceLevel


async def bind_identity(
    actor: Actor, identity: VerifiedIdentity, *, rebind: bool, now: datetime
) -> Citizen:
    try:
        async with in_transaction():
            citizen = await Citizen.select_for_update().get(id=actor.id)
            if citizen.id_number_hash not in (None, identity.id_hash):
                raise Conflict(
                    "this account is already verified as another person",
                    code="identity_already_verified",
                )
            holder = (
                await Citizen.filter(
                    Q(id_number_hash=identity.id_hash) | Q(idp_subject=identity.subject)
                )
                .exclude(id=citizen.id)
                .select_for_update()
                .first()
            )
            if holder is not None:
                if not rebind:
                    raise Conflict(
                        "this identity is bound to another WeChat account; verify again with "
                        "rebind=true to move it to this one",
                        code="identity_bound_elsewhere",
                        fields={"rebind": "start the verification again with rebind: true"},
                    )
                await _unbind(actor, holder)
            before = {"assurance": citizen.assurance.name}
            citizen.real_name = identity.name
            citizen.id_number = identity.id_number
            citizen.id_number_hash = identity.id_hash
            citizen.idp_subject = identity.subject
            citizen.identity_verified_at = now
            citizen.identity_verified_via = SOURCE
            if identity.phone and citizen.phone is None:
                citizen.phone = identity.phone
            citizen.assurance = max(citizen.assurance, identity.level)
            await citizen.save()
            linked = await claim_walk_ins(actor, citizen, now)
            # What this person wrote before verifying now carries the verified identity too.
            await Ticket.filter(citizen_id=citizen.id).update(author_id_hash=identity.id_hash)
            await Review.filter(citizen_id=citizen.id).update(reviewer_id_hash=identity.id_hash)
            await record_change(
                actor,
                "citizen.identity_verified",
                "citizen",
                citizen.id,
                before=before,
                after={
                    "assurance": citizen.assurance.name,
                    "real_name": mask_name(identity.name),
                    "id_number": mask_id_number(identity.id_number),
                    "rebound": holder is not None,
                    "walk_ins_linked": linked,
                },
                note=SOURCE,
            )
            return citizen
    except IntegrityError:
        # Another request bound the same identity between our check and our write.
        raise Conflict(
            "this identity was just bound to another account", code="identity_bound_elsewhere"
        ) from None


async def _unbind(actor: Actor, holder: Citizen) -> None:
    before = {"assurance": holder.assurance.name}
    holder.real_name = holder.id_number = holder.id_number_hash = holder.idp_subject = None
    holder.identity_verified_at = holder.identity_verified_via = None
    holder.face_verified_at = holder.face_verified_via = None
    holder.assurance = AssuranceLevel.L1 if holder.phone_verified_at else AssuranceLevel.L0
    await holder.save()
    await record_change(
        actor,
        "citizen.identity_unbound",
        "citizen",
        holder.id,
        before=before,
        after={"assurance": holder.assurance.name, "moved_to": actor.id},
    )
