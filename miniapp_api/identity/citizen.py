"""A citizen's steps up: getMyIdentity, verifyPhone, startIdentityVerification,
finishIdentityVerification, startFaceVerification, finishFaceVerification."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import KV
from miniapp_api.identity.present import IdentityView, identity_view
from miniapp_api.identity.resources import OIDC, WECHAT_IDENTITY, platform_settings
from miniapp_api.identity.schemas import (
    FaceFinishIn,
    FaceStartOut,
    PhoneCodeIn,
    PlatformCallbackIn,
    PlatformStartIn,
    PlatformStartOut,
)
from miniapp_api.operations import OperationTable
from models.people import Citizen
from workflows.authz import Principal
from workflows.identity import face, platform
from workflows.identity.phone import verify_phone

table = OperationTable(tags=("identity",), audience="citizen")


@table.get("/api/identity", "getMyIdentity")
async def get_mine(principal: Principal) -> IdentityView:
    """My assurance level, how and when each level was reached, my verified data (masked)"""
    return identity_view(await Citizen.get(id=principal.id))


@table.post("/api/identity/phone", "verifyPhone", errors=(503,))
async def phone(
    request: web.Request, principal: Principal, body: PhoneCodeIn, now: datetime
) -> IdentityView:
    """L1: exchange the getPhoneNumber code for the phone number WeChat verified"""
    wechat = request.app[WECHAT_IDENTITY]
    return identity_view(await verify_phone(wechat, principal.actor, body.code, now))


@table.post("/api/identity/platform/start", "startIdentityVerification", errors=(503,))
async def platform_start(
    request: web.Request, principal: Principal, body: PlatformStartIn
) -> PlatformStartOut:
    """L2: begin signing in with the provincial unified identity platform (OIDC + PKCE)"""
    settings = platform_settings(request.app)
    started = await platform.start(
        request.app[OIDC], request.app[KV], settings, principal.actor, body.rebind
    )
    return PlatformStartOut(
        authorize_url=started.authorize_url, state=started.state, expires_in=started.expires_in
    )


@table.post("/api/identity/platform/callback", "finishIdentityVerification", errors=(409, 503))
async def platform_callback(
    request: web.Request, principal: Principal, body: PlatformCallbackIn, now: datetime
) -> IdentityView:
    """L2: hand over the code and state the platform returned; the server checks the rest"""
    settings = platform_settings(request.app)
    citizen = await platform.finish(
        request.app[OIDC], request.app[KV], settings, principal.actor, body.code, body.state, now
    )
    return identity_view(citizen)


@table.post("/api/identity/face/start", "startFaceVerification", errors=(503,))
async def face_start(request: web.Request, principal: Principal) -> FaceStartOut:
    """L3: start a WeChat face check against the verified identity (needs L2)"""
    started = await face.start_face(request.app[WECHAT_IDENTITY], request.app[KV], principal.actor)
    return FaceStartOut(verify_id=started.verify_id, expires_in=started.expires_in)


@table.post("/api/identity/face/finish", "finishFaceVerification", errors=(409, 503))
async def face_finish(
    request: web.Request, principal: Principal, body: FaceFinishIn, now: datetime
) -> IdentityView:
    """L3: the server asks WeChat for the face check's result"""
    citizen = await face.finish_face(
        request.app[WECHAT_IDENTITY], request.app[KV], principal.actor, body.verify_id, now
    )
    return identity_view(citizen)
