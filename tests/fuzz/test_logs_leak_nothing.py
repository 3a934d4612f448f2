"""After a live session of logins and fuzzing, no log line holds a secret or a token."""

import urllib.request

from tests.fuzz.live_stack import PASSWORD, LiveStack


def test_server_log_holds_no_secret_or_token(live_stack: LiveStack) -> None:
    staff = live_stack.staff_login("jiancha")
    citizen = live_stack.citizen_login("o-log-scan")
    # A query string is where a careless access log leaks a lookup secret.
    with urllib.request.urlopen(live_stack.base_url + "/healthz?secret=QUERY-SECRET-1") as answer:
        assert answer.status == 200
    log = (live_stack.log_dir / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "/api/auth/staff-login" in log  # the access log is really being written
    for secret in (
        "QUERY-SECRET-1",
        PASSWORD,
        "demo-secret",
        staff["Authorization"].split()[1],
        citizen["Authorization"].split()[1],
    ):
        assert secret not in log
