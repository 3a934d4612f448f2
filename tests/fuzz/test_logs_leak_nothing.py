"""After a live session of logins and fuzzing, no log line holds a secret, a token or a full
ID number or phone number."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

from tests.fuzz.live_stack import PASSWORD, LiveStack

ID_NUMBER = "11010519491231002X"
PHONE = "13987654321"


def test_server_log_holds_no_secret_or_token(live_stack: LiveStack) -> None:
    staff = live_stack.staff_login("jiancha")
    citizen = live_stack.citizen_login("o-log-scan")
    clerk = live_stack.staff_login("chuangkou")
    walk_in = live_stack.post(
        live_stack.base_url + "/api/staff/cases",
        {
            "item_code": "11330000QS-GA-0001",
            "applicant_name": "李四光",
            "applicant_phone": PHONE,
            "applicant_id_number": ID_NUMBER,
            "materials": [{"name": "原居民身份证", "ref": "scan/1"}],
        },
        clerk,
    )
    # The same ID number, verified through the identity platform (its demo person).
    started = live_stack.post(live_stack.base_url + "/api/identity/platform/start", {}, citizen)
    redirect = _redirect_of(started["authorize_url"] + "&login_as=demo-person")
    query = parse_qs(urlsplit(redirect).query)
    verified = live_stack.post(
        live_stack.base_url + "/api/identity/platform/callback",
        {"code": query["code"][0], "state": query["state"][0]},
        citizen,
    )
    assert verified["level"] == "L2"
    # A query string is where a careless access log leaks a lookup secret.
    with urllib.request.urlopen(live_stack.base_url + "/healthz?secret=QUERY-SECRET-1") as answer:
        assert answer.status == 200
    log = (live_stack.log_dir / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "/api/auth/staff-login" in log  # the access log is really being written
    assert "/api/staff/cases" in log
    for secret in (
        "QUERY-SECRET-1",
        PASSWORD,
        "demo-secret",
        "idp-demo-secret",
        "fuzz-id-hash-key",
        query["code"][0],
        staff["Authorization"].split()[1],
        citizen["Authorization"].split()[1],
        clerk["Authorization"].split()[1],
        walk_in["lookup_secret"],
        ID_NUMBER,
        ID_NUMBER.lower(),
        PHONE,
    ):
        assert secret not in log


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _redirect_of(url: str) -> str:
    """Where the platform sends the browser back to (the mini-app's page, not fetched)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        return answer.headers["Location"]
    raise AssertionError("the platform did not redirect")
