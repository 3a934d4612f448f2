"""The command line as an operator uses it: real processes, real files."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "sqlite",
    reason="the embedded default is what these commands start with",
)


def _run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "miniapp_api", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
    env["MINIAPP_DATABASE_URL"] = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    env.update(extra)
    return env


def test_bad_setting_stops_the_process_naming_it(project_root: Path, tmp_path: Path) -> None:
    result = _run(project_root, _env(tmp_path, MINIAPP_SERVER_PORT="http"), "migrate")
    assert result.returncode == 2
    assert "server.port" in result.stderr and "MINIAPP_SERVER_PORT" in result.stderr


def test_seed_demo_is_idempotent(project_root: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = _run(project_root, env, "seed-demo", "--password", "pw-123456")
    assert first.returncode == 0, first.stderr
    assert "staff jiancha: password pw-123456" in first.stdout
    second = _run(project_root, env, "seed-demo")
    assert second.returncode == 0, second.stderr
    assert "0 new staff accounts" in second.stdout


def test_serve_creates_its_database_and_answers(project_root: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path / "serve.log"
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            [sys.executable, "-m", "miniapp_api", "serve", "--port", str(port)],
            cwd=project_root,
            env=_env(tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        try:
            body = _wait_for_health(port)
            assert body["database"] == "ok" and body["redis"] == "not_configured"
            assert (tmp_path / "cli.sqlite3").exists()
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert process.returncode == 0, log_path.read_text()


def _wait_for_health(port: int) -> dict:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return json.loads(answer.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
