"""The commands: production without keys refuses to start; rotate-keys and verify-audit run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KEY = "00112233445566778899aabbccddeeff"
INDEX = KEY * 2


def _run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "miniapp_api", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        # seed-demo migrates and hashes 17 passwords: minutes on a loaded 2-core machine.
        timeout=600,
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
    env["MINIAPP_DATABASE_URL"] = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    env.update(extra)
    return env


def test_without_keys_the_service_refuses_to_start(project_root: Path, tmp_path: Path) -> None:
    result = _run(project_root, _env(tmp_path), "serve", "--port", "0")
    assert result.returncode == 3
    assert "no encryption keys" in result.stderr


def test_rotate_keys_and_verify_audit_run_with_keys_from_the_environment(
    project_root: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path, MINIAPP_PROTECTION_DEMO_KEYS="true")
    assert _run(project_root, env, "seed-demo", "--password", "pw-123456").returncode == 0
    keyed = _env(
        tmp_path,
        MINIAPP_PROTECTION_KEYS=f"k1:{KEY}",
        MINIAPP_PROTECTION_INDEX_KEY=INDEX,
    )
    first = _run(project_root, keyed, "rotate-keys")
    assert first.returncode == 0, first.stderr
    # Another key under the same id (a typo in the environment): refused, the key not shown.
    wrong = "ff" * 16
    mistyped = _env(
        tmp_path, MINIAPP_PROTECTION_KEYS=f"k1:{wrong}", MINIAPP_PROTECTION_INDEX_KEY=INDEX
    )
    refused = _run(project_root, mistyped, "rotate-keys")
    assert refused.returncode == 3 and "not the key" in refused.stderr
    assert wrong not in refused.stderr + refused.stdout
    verified = _run(project_root, env, "verify-audit")
    assert verified.returncode == 0 and "intact" in verified.stdout
