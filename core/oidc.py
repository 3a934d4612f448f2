"""OpenID Connect relying party for the province's unified identity platform.

Authorization code flow with PKCE (RFC 7636, S256). The discovery document and the JWKS are
fetched from the configured issuer and cached; an id_token is accepted only with a valid
signature from that JWKS and the right issuer, audience, nonce and expiry (OIDC Core §3.1.3.7).
The JOSE work is joserfc's. Tokens are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet

from core.errors import Unavailable, UpstreamRejected
from core.settings import IdentitySettings

log = logging.getLogger(__name__)
ALGORITHMS = ("RS256", "ES256")
# Refetch the key set at most this often when a token names a kid we do not have (key rotation).
JWKS_REFRESH_SECONDS = 60.0


class IdTokenRejected(UpstreamRejected):
    """The platform's answer failed a check; `code` names which (idp_bad_signature, ...)."""


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def basic_auth_header(client_id: str, secret: str) -> str:
    """client_secret_basic: each part form-urlencoded before joining (RFC 6749 §2.3.1)."""
    joined = f"{quote(client_id, safe='')}:{quote(secret, safe='')}"
    return "Basic " + base64.b64encode(joined.encode()).decode()


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43..128
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


class OidcClient:
    def __init__(self, http: aiohttp.ClientSession, settings: IdentitySettings) -> None:
        self._http = http
        self._settings = settings
        self._timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._keys_fetched_at = 0.0

    async def authorization_url(self, state: str, nonce: str, challenge: str) -> str:
        metadata = await self._discover()
        query = {
            "response_type": "code",
            "client_id": self._settings.client_id,
            "redirect_uri": self._settings.redirect_uri,
            "scope": " ".join(self._settings.scopes),
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        return str(metadata["authorization_endpoint"]) + "?" + urlencode(query)

    async def exchange_code(self, code: str, verifier: str) -> dict[str, Any]:
        """The token endpoint's answer for an authorization code (holds id_token)."""
        metadata = await self._discover()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self._settings.redirect_uri,
            "code_verifier": verifier,
        }
        headers: dict[str, str] = {}
        if self._settings.token_auth_method == "client_secret_basic":
            headers["Authorization"] = basic_auth_header(
                self._settings.client_id, self._settings.client_secret
            )
        else:
            form["client_id"] = self._settings.client_id
            form["client_secret"] = self._settings.client_secret
        status, data = await self._request("POST", str(metadata["token_endpoint"]), form, headers)
        if status == 400 and data.get("error") == "invalid_grant":
            raise IdTokenRejected(
                "the identity platform refused the code (forged, used or expired): sign in again",
                code="idp_code_invalid",
            )
        if status != 200 or not isinstance(data.get("id_token"), str):
            log.error("identity platform token endpoint answered %s %s", status, data.get("error"))
            raise Unavailable("the identity platform refused our request", code="idp_error")
        return data

    async def userinfo(self, access_token: str, subject: str) -> dict[str, Any]:
        """Claims from the userinfo endpoint, for platforms that keep some out of the id_token;
        its `sub` must be the id_token's (OIDC Core §5.3.2), or the answer is not this person's."""
        metadata = await self._discover()
        endpoint = metadata.get("userinfo_endpoint")
        if not isinstance(endpoint, str):
            return {}
        status, data = await self._request(
            "GET", endpoint, headers={"Authorization": "Bearer " + access_token}
        )
        if status != 200:
            raise Unavailable("the identity platform's userinfo is unusable", code="idp_error")
        if data.get("sub") != subject:
            raise _rejected("idp_bad_claims", "the userinfo answer is about someone else")
        return data

    async def verify_id_token(self, id_token: str, nonce: str, now: float) -> dict[str, Any]:
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=ALGORITHMS)
            except InvalidKeyIdError:
                # A key we do not have yet may have been rotated in: fetch once more, then judge.
                keys = await self._key_set(refresh=True)
                token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        except (BadSignatureError, InvalidKeyIdError, UnsupportedAlgorithmError):
            raise _rejected("idp_bad_signature", "the id_token's signature is not valid") from None
        except (JoseError, ValueError):
            raise _rejected("idp_bad_token", "the id_token is malformed") from None
        registry = jwt.JWTClaimsRegistry(
            now=int(now),
            leeway=self._settings.clock_skew_seconds,
            iss={"essential": True, "value": self._settings.issuer},
            aud={"essential": True, "value": self._settings.client_id},
            nonce={"essential": True, "value": nonce},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(token.claims)
        except ExpiredTokenError:
            raise _rejected("idp_token_expired", "the id_token has expired") from None
        except (InvalidClaimError, MissingClaimError) as error:
            claim = getattr(error, "claim", "")
            code = {"iss": "idp_bad_issuer", "aud": "idp_bad_audience", "nonce": "idp_bad_nonce"}
            raise _rejected(
                code.get(claim, "idp_bad_claims"), f"the id_token's {claim or 'claims'} is wrong"
            ) from None
        except JoseError:
            raise _rejected("idp_bad_claims", "the id_token's claims are not valid") from None
        return dict(token.claims)

    async def _discover(self) -> dict[str, Any]:
        if self._metadata is None:
            url = self._settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
            status, data = await self._request("GET", url)
            # OIDC Discovery §4.3: the document's issuer must be the one we asked.
            if status != 200 or data.get("issuer") != self._settings.issuer:
                log.error("identity platform discovery failed (HTTP %s)", status)
                raise Unavailable(
                    "the identity platform's discovery document is unusable", code="idp_error"
                )
            self._metadata = data
        return self._metadata

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        fresh_enough = time.monotonic() - self._keys_fetched_at < JWKS_REFRESH_SECONDS
        if self._keys is not None and (not refresh or fresh_enough):
            return self._keys
        metadata = await self._discover()
        status, data = await self._request("GET", str(metadata["jwks_uri"]))
        try:
            keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError):
            keys = None
        if status != 200 or keys is None:
            raise Unavailable("the identity platform's keys are unusable", code="idp_error")
        self._keys, self._keys_fetched_at = keys, time.monotonic()
        return keys

    async def _request(
        self,
        method: str,
        url: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        try:
            async with self._http.request(
                method, url, data=form, headers=headers, timeout=self._timeout
            ) as response:
                data = await response.json(content_type=None)
                status = response.status
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            log.warning("identity platform call failed: %s", type(error).__name__)
            raise Unavailable(
                "the identity platform cannot be reached, try again", code="idp_unreachable"
            ) from None
        if not isinstance(data, dict):
            raise Unavailable("the identity platform gave an unexpected answer", code="idp_error")
        return status, data


def _rejected(code: str, message: str) -> IdTokenRejected:
    return IdTokenRejected(message, code=code)
