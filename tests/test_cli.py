"""The command line as an operator uses it: real processes, real files."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.cli import _parser

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
    env["MINIAPP_PROTECTION_DEMO_KEYS"] = "true"  # no keys configured: the public demo key
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
    log_path = tmp_path / "serve.log"
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            [sys.executable, "-m", "miniapp_api", "serve", "--port", "0"],
            cwd=project_root,
            env=_env(tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        try:
            body = _wait_for_health(_logged_url(log_path, process, SERVING))
            assert body["database"] == "ok" and body["redis"] == "not_configured"
            assert (tmp_path / "cli.sqlite3").exists()
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert process.returncode == 0, log_path.read_text()


# The ports are the OS's choice (port 0); the process logs the ones it got.
SERVING = r"serving on (http://\S+) "
SIMULATOR = r"WeChat simulator on (http://[^\s,]+)"


def _logged_url(log_path: Path, process: subprocess.Popen[bytes], pattern: str) -> str:
    deadline = time.monotonic() + 60
    while True:
        found = re.search(pattern, log_path.read_text(errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {pattern!r} in the log:\n{log_path.read_text()}")
        time.sleep(0.2)


def _wait_for_health(base: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                return json.loads(answer.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _post(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_demo_delivers_a_case_message_and_stops_cleanly(project_root: Path, tmp_path: Path) -> None:
    # Quiet hours off: the message must go out whatever the time of day the test runs.
    env = _env(tmp_path, MINIAPP_NOTIFY_QUIET_START="00:00:00", MINIAPP_NOTIFY_QUIET_END="00:00:00")
    log_path = tmp_path / "demo.log"
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "miniapp_api",
                "serve",
                "--demo",
                "--port",
                "0",
                "--simulator-port",
                "0",
            ],
            cwd=project_root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        try:
            sim = _logged_url(log_path, process, SIMULATOR)
            api = _logged_url(log_path, process, SERVING)
            _wait_for_health(api)
            code = _post(sim + "/__sim/login_code", {"openid": "o-demo"})["code"]
            token = _post(api + "/api/auth/login", {"code": code})["token"]
            # wx.requestSubscribeMessage: WeChat records the consent, the mini-app reports it to us.
            _post(
                sim + "/__sim/subscriptions",
                {"openid": "o-demo", "template_id": "TPL-CASE-STATUS", "count": 1},
            )
            _post(api + "/api/me/subscriptions", {"results": {"TPL-CASE-STATUS": "accept"}}, token)
            body = {"item_code": "11330000QS-SCJG-0001", "applicant_name": "张三"}
            case_no = _post(api + "/api/cases", body, token)["case"]["case_no"]
            deadline = time.monotonic() + 30
            to_citizen: list = []
            while not to_citizen and time.monotonic() < deadline:
                time.sleep(0.3)
                with urllib.request.urlopen(sim + "/__sim/delivered", timeout=5) as answer:
                    delivered = json.loads(answer.read())["messages"]
                # Other demo messages (e.g. the weekly report to supervisors) may come first.
                to_citizen = [m for m in delivered if "o-demo" in m["recipients"]]
            assert to_citizen, log_path.read_text()
            assert case_no in json.dumps(to_citizen, ensure_ascii=False)
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert process.returncode == 0, log_path.read_text()


@pytest.mark.parametrize(
    ("given", "ports"),
    [(None, (9100, 9101)), ("9200", (9200, 9201)), ("9200,9300", (9200, 9300)), ("0", (0, 0))],
)
def test_demo_simulator_ports_keep_the_make_demo_defaults(
    given: str | None, ports: tuple[int, int]
) -> None:
    argv = ["serve", "--demo"] + (["--simulator-port", given] if given else [])
    assert _parser().parse_args(argv).simulator_port == ports
