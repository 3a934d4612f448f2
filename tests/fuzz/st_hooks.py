"""Schemathesis hooks for our fuzz runs (named in tests/fuzz/schemathesis.toml).

Schemathesis draws `Idempotency-Key` values from a small space (its coverage phase sends the same
boundary values again and again), so two different requests of one operation would share a key and
get our documented 422 `idempotency_key_reused`, which its positive check reads as a rejected valid
request. A real client never reuses a key for another request: each well-formed key is made unique
here; malformed keys are left as generated, so their refusal is still checked.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis

HEADER = "Idempotency-Key"
WELL_FORMED = re.compile(r"[\x21-\x7e]( *[\x21-\x7e])*")


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    key = (case.headers or {}).get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= 100 and WELL_FORMED.fullmatch(key):
        case.headers[HEADER] = (uuid.uuid4().hex + key)[:100]
