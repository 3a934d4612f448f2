"""Counters that code below the HTTP layer bumps, e.g. a refused login.

They live in core so workflows can count without importing anything of HTTP; the scrape handler
and the request-latency histogram are in miniapp_api/metrics.py. Each process counts its own:
Prometheus scrapes every server instance and sums.
"""

from __future__ import annotations

from typing import Literal

from prometheus_client import Counter

LOGIN_FAILURES = Counter(
    "miniapp_login_failures",
    "Logins refused for bad credentials or a bad WeChat code, by who tried",
    ["audience", "reason"],
)
# Present at 0 from the start, so rate() and alerts see the first failure.
for _audience, _reason in (("staff", "bad_credentials"), ("citizen", "wechat_code_invalid")):
    LOGIN_FAILURES.labels(audience=_audience, reason=_reason)


def login_failed(audience: Literal["citizen", "staff"], reason: str) -> None:
    LOGIN_FAILURES.labels(audience=audience, reason=reason).inc()
