"""A citizen's identity as they may see it: level, how and when each step, masked data."""

from __future__ import annotations

from core.masking import mask_id_number, mask_name, mask_phone
from miniapp_api.identity.schemas import IdentityView, LevelStep
from models.people import Citizen


def identity_view(citizen: Citizen) -> IdentityView:
    return IdentityView(
        level=citizen.assurance.name,  # type: ignore[arg-type]
        steps=[
            LevelStep(level="L0", reached_at=citizen.created_at, via="wechat_openid"),
            LevelStep(
                level="L1", reached_at=citizen.phone_verified_at, via=citizen.phone_verified_via
            ),
            LevelStep(
                level="L2",
                reached_at=citizen.identity_verified_at,
                via=citizen.identity_verified_via,
            ),
            LevelStep(
                level="L3", reached_at=citizen.face_verified_at, via=citizen.face_verified_via
            ),
        ],
        real_name=mask_name(citizen.real_name),
        id_number=mask_id_number(citizen.id_number),
        phone=mask_phone(citizen.phone),
    )
