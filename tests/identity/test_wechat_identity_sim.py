"""The WeChat simulator's identity endpoints: phone number, face verification 2.0, WeCom OAuth."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from devtools.wechat_sim import SimulatorState
from devtools.wechat_sim.mp_identity import cert_hash
from tests.devtools.sim_support import (
    APPID,
    CORPID,
    Client,
    body,
    errcode,
    fetch_mp_token,
    fetch_wecom_token,
)

PHONE_PATH = "/wxa/business/getuserphonenumber"
CERT = {"cert_type": "IDENTITY_CARD", "cert_name": "张三", "cert_no": "310101199801011234"}


async def _phone_code(mp: Client, phone: str = "13800138000") -> str:
    return str((await (await mp.post("/__sim/phone_code", json={"phone": phone})).json())["code"])


async def test_phone_code_gives_the_number_once(mp: Client) -> None:
    token = await fetch_mp_token(mp)
    code = await _phone_code(mp)
    first = await body(
        await mp.post(PHONE_PATH, params={"access_token": token}, json={"code": code})
    )
    assert first["errcode"] == 0
    assert first["phone_info"]["purePhoneNumber"] == "13800138000"
    assert first["phone_info"]["watermark"]["appid"] == APPID
    again = await mp.post(PHONE_PATH, params={"access_token": token}, json={"code": code})
    assert await errcode(again) == 40029


async def test_phone_code_forged_or_expired_is_40029(
    mp: Client, frozen_sim: SimulatorState
) -> None:
    token = await fetch_mp_token(mp)
    forged = await mp.post(PHONE_PATH, params={"access_token": token}, json={"code": "x" * 64})
    assert await errcode(forged) == 40029
    code = await _phone_code(mp)
    frozen_sim.advance(301)
    late = await mp.post(PHONE_PATH, params={"access_token": token}, json={"code": code})
    assert await errcode(late) == 40029


async def test_phone_with_bad_or_expired_token(mp: Client, frozen_sim: SimulatorState) -> None:
    code = await _phone_code(mp)
    bad = await mp.post(PHONE_PATH, params={"access_token": "nope"}, json={"code": code})
    assert await errcode(bad) == 40001
    token = await fetch_mp_token(mp)
    frozen_sim.expire_all_tokens()
    expired = await mp.post(PHONE_PATH, params={"access_token": token}, json={"code": code})
    assert await errcode(expired) == 42001


def test_cert_hash_matches_the_documented_example() -> None:
    expected = "3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b"
    assert cert_hash("IDENTITY_CARD", "张三", "310101199801011234") == expected


async def test_face_verification_result_is_checked_with_the_same_cert_and_openid(
    mp: Client,
) -> None:
    token = await fetch_mp_token(mp)
    params = {"access_token": token}
    started = await body(
        await mp.post(
            "/cityservice/face/identify/getverifyid",
            params=params,
            json={"out_seq_no": "seq_00001", "cert_info": CERT, "openid": "o1"},
        )
    )
    verify_id = started["verify_id"]
    query = {"verify_id": verify_id, "out_seq_no": "seq_00001", "openid": "o1"}
    query["cert_hash"] = cert_hash(*CERT.values())
    path = "/cityservice/face/identify/queryverifyinfo"
    assert await errcode(await mp.post(path, params=params, json=query)) == 84003
    await mp.post("/__sim/face_result", json={"verify_id": verify_id})
    done = await body(await mp.post(path, params=params, json=query))
    assert (done["errcode"], done["verify_ret"]) == (0, 10000)
    tampered = {**query, "cert_hash": cert_hash("IDENTITY_CARD", "李四", "310101199801011234")}
    assert await errcode(await mp.post(path, params=params, json=tampered)) == 84002
    unknown = {**query, "verify_id": "vid_nope"}
    assert await errcode(await mp.post(path, params=params, json=unknown)) == 84001


async def test_wecom_oauth_code_gives_the_userid_once_then_40029(wecom: Client) -> None:
    token = await fetch_wecom_token(wecom)
    await wecom.post("/__sim/wecom_member", json={"userid": "ZhangSan", "name": "张三"})
    code = (
        await (await wecom.post("/__sim/wecom_oauth_code", json={"userid": "ZhangSan"})).json()
    )["code"]
    params = {"access_token": token, "code": code}
    first = await body(await wecom.get("/cgi-bin/auth/getuserinfo", params=params))
    assert (first["errcode"], first["userid"]) == (0, "ZhangSan")
    assert await errcode(await wecom.get("/cgi-bin/auth/getuserinfo", params=params)) == 40029
    profile = await body(
        await wecom.get("/cgi-bin/user/get", params={"access_token": token, "userid": "ZhangSan"})
    )
    assert profile["name"] == "张三"
    missing = await wecom.get("/cgi-bin/user/get", params={"access_token": token, "userid": "x"})
    assert await errcode(missing) == 60111


async def test_wecom_qr_sign_in_redirects_back_with_code_and_state(wecom: Client) -> None:
    await wecom.post("/__sim/wecom_member", json={"userid": "lisi"})
    await wecom.post("/__sim/wecom_browser_user", json={"userid": "lisi"})
    params = {"login_type": "CorpApp", "appid": CORPID, "agentid": "1000002"}
    params |= {"redirect_uri": "http://console.example/cb", "state": "st"}
    response = await wecom.get("/wwlogin/sso/login", params=params, allow_redirects=False)
    assert response.status == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["state"] == ["st"]
    token = await fetch_wecom_token(wecom)
    info = await body(
        await wecom.get(
            "/cgi-bin/auth/getuserinfo", params={"access_token": token, "code": query["code"][0]}
        )
    )
    assert info["userid"] == "lisi"
