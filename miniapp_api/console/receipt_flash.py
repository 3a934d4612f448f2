"""What a receipt shows only once: the case's lookup secret, the rating link's code and, for a
walk-in applicant collecting the result at the window, the pick-up code.

The first two exist in clear only in the answer that made them (the database keeps hashes); the
pick-up code is never shown to staff (whoever hands the result over must not know it), so the
applicant's first print is the only place staff software carries it. Yet a console
POST answers with a redirect. So the registering POST hands them to the receipt page in a
short-lived cookie: HttpOnly, SameSite=Strict, limited to that case's receipt path, and deleted by
the receipt page that shows them. A reload shows the receipt without them.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from aiohttp import web

from miniapp_api.client_ip import is_https

COOKIE = "console_receipt"
MAX_AGE_SECONDS = 600
MAX_COOKIE_CHARS = 1000


@dataclass(frozen=True)
class OneTime:
    case_id: int
    lookup_secret: str = ""
    rating_url: str = ""
    rating_expires: str = ""  # ISO text
    pickup_code: str = ""


def receipt_path(case_id: int) -> str:
    return f"/console/cases/{case_id}/receipt"


def hand_over(request: web.Request, response: web.StreamResponse, shown: OneTime) -> None:
    value = base64.urlsafe_b64encode(json.dumps(shown.__dict__).encode()).decode()
    response.set_cookie(
        COOKIE, value, path=receipt_path(shown.case_id), max_age=MAX_AGE_SECONDS,
        httponly=True, samesite="Strict", secure=is_https(request),
    )  # fmt: skip


def forget(request: web.Request, response: web.StreamResponse, case_id: int) -> None:
    """Shown once: the page that read the cookie deletes it."""
    if COOKIE in request.cookies:
        response.del_cookie(COOKIE, path=receipt_path(case_id))


def take(request: web.Request, case_id: int) -> OneTime | None:
    """This case's one-time values, if the cookie holds them (then `forget` it)."""
    raw = request.cookies.get(COOKIE, "")
    if not raw or len(raw) > MAX_COOKIE_CHARS:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        shown = OneTime(**{key: data[key] for key in OneTime.__dataclass_fields__})
    except (ValueError, TypeError, KeyError):
        return None  # not ours, or damaged: the receipt without them
    if shown.case_id != case_id or not all(
        isinstance(getattr(shown, name), str)
        for name in ("lookup_secret", "rating_url", "rating_expires", "pickup_code")
    ):
        return None
    return shown
