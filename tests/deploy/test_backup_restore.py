"""The backup drill: deploy/backup.sh and deploy/restore.sh bring back every case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BACKEND, PG_ADMIN_URL, PG_TEST_BASE

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres", reason="pg_dump and pg_restore back up PostgreSQL deployments"
)


def test_dump_restored_into_a_fresh_database_holds_every_case() -> None:
    # The drill makes and drops databases of its own on the same PostgreSQL as the test run.
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "drill_backup_restore.py"), "--cases", "10"],
        cwd=ROOT,
        env={**os.environ, "BENCH_PG_ADMIN_URL": PG_ADMIN_URL, "BENCH_PG_BASE": PG_TEST_BASE},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "service_case: 10 before, 10 after" in done.stdout
    assert "counts and checksums equal" in done.stdout
