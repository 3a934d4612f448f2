"""Schemathesis with every check (`st run --checks all`) against our own OpenAPI document, on a
live server: as anonymous, as a citizen and as staff of several roles. No 5xx, every answer
conforms to the document, schema-valid requests are accepted and schema-violating ones refused,
`Allow` names exactly the documented methods. New operations are covered without touching this
file; the few rules JSON Schema cannot state are listed in tests/fuzz/schemathesis.toml.

Bounded for CI: MINIAPP_FUZZ_EXAMPLES examples per operation (default 8) and a fixed seed, so a
run is repeatable; raise the number locally for a deeper search.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.live_stack import LiveStack

EXAMPLES = os.environ.get("MINIAPP_FUZZ_EXAMPLES", "8")
SEED = os.environ.get("MINIAPP_FUZZ_SEED", "20261201")
CONFIG = Path(__file__).with_name("schemathesis.toml")
ROOT = Path(__file__).resolve().parents[2]
# Would revoke the very token the run uses; their behaviour is tested in tests/miniapp_api.
SKIPPED_OPERATIONS = ("logout", "logoutEverywhere")
ROLES = ["anonymous", "citizen", "admin", "jiancha", "scjg"]


@pytest.mark.parametrize("role", ROLES)
def test_every_check_passes_for(live_stack: LiveStack, role: str, tmp_path: Path) -> None:
    # The token goes in as the document's own `session` scheme (not a blanket -H), so
    # schemathesis knows which header is the credential when it checks a request without it.
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    if role != "anonymous":
        login = live_stack.citizen_login if role == "citizen" else live_stack.staff_login
        token = login(f"o-fuzz-{SEED}" if role == "citizen" else role)["Authorization"].split()[1]
        with config.open("a", encoding="utf-8") as extra:
            extra.write(f'\n[auth.openapi.session]\nbearer = "{token}"\n')
    excluded: list[str] = []
    for operation_id in SKIPPED_OPERATIONS:
        excluded += ["--exclude-operation-id", operation_id]
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(config),
            "--no-color",
            "run",
            live_stack.base_url + "/api/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            EXAMPLES,
            "--seed",
            SEED,
            *excluded,
        ],
        cwd=tmp_path,  # its reports and caches stay out of the tree
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # for the hooks module
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
