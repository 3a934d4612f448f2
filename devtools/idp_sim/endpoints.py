"""The provider's endpoints: discovery, JWKS, authorize, token and userinfo (OIDC Core 1.0).

Errors follow RFC 6749: a bad client or redirect_uri is shown to the user and never redirected
(§4.1.2.1); other authorize errors go back to the client; token errors are JSON with `error`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from typing import Any
from urllib.parse import unquote, urlencode

from aiohttp import web

from devtools.idp_sim.state import CODE_TTL, ID_TOKEN_TTL, CodeGrant, IdpClient, IdpState
from devtools.idp_sim.tokens import id_token

STATE = web.AppKey("idp_sim_state", IdpState)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def state_of(request: web.Request) -> IdpState:
    return request.app[STATE]


def issuer_of(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


async def discovery(request: web.Request) -> web.Response:
    issuer = issuer_of(request)
    return web.json_response(
        {
            "issuer": issuer,
            "authorization_endpoint": issuer + "/authorize",
            "token_endpoint": issuer + "/token",
            "userinfo_endpoint": issuer + "/userinfo",
            "jwks_uri": issuer + "/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "phone", "idcard"],
        }
    )


async def jwks(request: web.Request) -> web.Response:
    key = state_of(request).key
    return web.json_response({"keys": [key.as_dict(private=False)]})


def _page(title: str, body: str, status: int = 200) -> web.Response:
    text = f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"
    return web.Response(text=text, status=status, content_type="text/html")


def _back_to_client(redirect_uri: str, params: dict[str, str]) -> web.HTTPFound:
    separator = "&" if "?" in redirect_uri else "?"
    return web.HTTPFound(redirect_uri + separator + urlencode(params))


async def authorize(request: web.Request) -> web.StreamResponse:
    state = state_of(request)
    query = request.query
    client = state.clients.get(query.get("client_id", ""))
    redirect_uri = query.get("redirect_uri", "")
    if client is None or redirect_uri not in client.redirect_uris:
        return _page("Error", "<p>invalid_request: unknown client or redirect_uri</p>", 400)
    echo = {"state": query["state"]} if "state" in query else {}

    def refuse(error: str, description: str) -> web.HTTPFound:
        return _back_to_client(
            redirect_uri, {"error": error, "error_description": description, **echo}
        )

    if query.get("response_type") != "code":
        raise refuse("unsupported_response_type", "only the code flow is offered")
    if "openid" not in query.get("scope", "").split():
        raise refuse("invalid_scope", "scope must include openid")
    challenge = query.get("code_challenge", "")
    if not challenge or query.get("code_challenge_method") != "S256":
        raise refuse("invalid_request", "PKCE with code_challenge_method=S256 is required")
    subject = query.get("login_as")
    if subject is None:
        return _login_page(state, query)
    if subject not in state.users:
        raise refuse("access_denied", "the user did not sign in")
    code = state.issue_code(
        CodeGrant(
            client_id=client.client_id,
            redirect_uri=redirect_uri,
            subject=subject,
            scope=query.get("scope", ""),
            nonce=query.get("nonce"),
            code_challenge=challenge,
            issued_at=state.now(),
        )
    )
    raise _back_to_client(redirect_uri, {"code": code, **echo})


def _login_page(state: IdpState, query: Any) -> web.Response:
    """What the person sees: pick who signs in (the real platform asks for a password or SMS)."""
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
    )
    options = "".join(
        f'<option value="{html.escape(s)}">{html.escape(str(c.get("name", s)))}</option>'
        for s, c in state.users.items()
    )
    form = (
        f'<form method="get" action="/authorize">{hidden}'
        f'<select name="login_as">{options}</select>'
        '<button type="submit" id="sign-in">登录</button></form>'
    )
    return _page("统一身份认证", form)


class TokenError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.description = description
        self.status = status

    def response(self) -> web.Response:
        headers = dict(NO_STORE)
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="idp"'
        return web.json_response(
            {"error": self.error, "error_description": self.description},
            status=self.status,
            headers=headers,
        )


def _client_credentials(request: web.Request, form: Any) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            raise TokenError("invalid_client", "malformed Basic credentials", 401) from None
        client_id, _, secret = decoded.partition(":")
        # RFC 6749 §2.3.1: both parts are form-urlencoded before joining.
        return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))
    return form.get("client_id", ""), form.get("client_secret", "")


def _authenticate_client(state: IdpState, client_id: str, secret: str) -> IdpClient:
    client = state.clients.get(client_id)
    if client is None or not secrets.compare_digest(client.secret, secret):
        raise TokenError("invalid_client", "client authentication failed", 401)
    return client


def _pkce_matches(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return secrets.compare_digest(computed, challenge)


async def token(request: web.Request) -> web.Response:
    try:
        return await _token(request)
    except TokenError as error:
        return error.response()


async def _token(request: web.Request) -> web.Response:
    state = state_of(request)
    form = await request.post()
    client = _authenticate_client(state, *_client_credentials(request, form))
    if form.get("grant_type") != "authorization_code":
        raise TokenError("unsupported_grant_type", "only authorization_code is offered")
    grant = state.codes.get(str(form.get("code", "")))
    if grant is None or grant.client_id != client.client_id:
        raise TokenError("invalid_grant", "unknown authorization code")
    if grant.used:
        raise TokenError("invalid_grant", "authorization code already used")
    if state.now() - grant.issued_at > CODE_TTL:
        raise TokenError("invalid_grant", "authorization code expired")
    if form.get("redirect_uri") != grant.redirect_uri:
        raise TokenError("invalid_grant", "redirect_uri does not match the authorization request")
    verifier = str(form.get("code_verifier", ""))
    if not verifier or not _pkce_matches(verifier, grant.code_challenge):
        raise TokenError("invalid_grant", "PKCE verification failed")
    grant.used = True
    payload = {
        "access_token": state.issue_access_token(grant.subject, client.client_id),
        "token_type": "Bearer",
        "expires_in": ID_TOKEN_TTL,
        "scope": grant.scope,
        "id_token": id_token(state, issuer_of(request), grant),
    }
    return web.json_response(payload, headers=NO_STORE)


async def userinfo(request: web.Request) -> web.Response:
    state = state_of(request)
    header = request.headers.get("Authorization", "")
    value = header[7:].strip() if header.lower().startswith("bearer ") else ""
    grant = state.access_tokens.get(value)
    if grant is None or grant.expires_at <= state.now():
        return web.json_response(
            {"error": "invalid_token"},
            status=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return web.json_response({"sub": grant.subject, **state.users.get(grant.subject, {})})
