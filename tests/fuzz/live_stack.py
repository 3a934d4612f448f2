"""A real server process (embedded SQLite) beside a real WeChat simulator process, with a staff
token of every role and two citizen tokens: what fuzzing and the authorisation sweep drive."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "fuzz-password-1"


@dataclass
class LiveStack:
    base_url: str
    simulator_url: str
    log_dir: Path
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def post(self, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(
            url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def staff_login(self, username: str) -> dict[str, str]:
        body = self.post(
            self.base_url + "/api/auth/staff-login", {"username": username, "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {body['token']}"}

    def citizen_login(self, openid: str) -> dict[str, str]:
        code = self.post(self.simulator_url + "/__sim/login_code", {"openid": openid})["code"]
        body = self.post(self.base_url + "/api/auth/login", {"code": code})
        return {"Authorization": f"Bearer {body['token']}"}


def start_live_stack(tmp: Path, stack: ExitStack) -> LiveStack:
    """Every port is the OS's choice (port 0); each process's log names what it bound, so no
    port is probed and released first (another process could take it in between)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
    sim_log = tmp / "sim.log"
    _spawn(stack, sim_log, env, "-m", "devtools.wechat_sim", "--mp-port", "0", "--wecom-port", "0")
    hosts = _wait_for_line(sim_log, SIMULATOR_LINE)
    mp_url, wecom_url = hosts.group(1), hosts.group(2)
    idp_log = tmp / "idp.log"
    _spawn(stack, idp_log, env, "-m", "devtools.idp_sim", "--port", "0")
    idp_url = _wait_for_line(idp_log, IDP_LINE).group(1)
    env.update(
        {
            "MINIAPP_DATABASE_URL": f"sqlite://{tmp / 'live.sqlite3'}",
            "MINIAPP_WECHAT_API_BASE": mp_url,
            "MINIAPP_WECHAT_APPID": "wx-demo-appid",
            "MINIAPP_WECHAT_SECRET": "demo-secret",
            "MINIAPP_WECOM_API_BASE": wecom_url,
            "MINIAPP_WECOM_CORPID": "ww-demo-corp",
            "MINIAPP_WECOM_SECRET": "demo-corpsecret",
            "MINIAPP_WECOM_AGENTID": "1000002",
            "MINIAPP_IDENTITY_ISSUER": idp_url,
            "MINIAPP_IDENTITY_CLIENT_ID": "miniapp-client",
            "MINIAPP_IDENTITY_CLIENT_SECRET": "idp-demo-secret",
            "MINIAPP_IDENTITY_REDIRECT_URI": "https://miniapp.example/identity/callback",
            # Field encryption keys from the environment, as in production.
            "MINIAPP_PROTECTION_KEYS": "fz1:" + "5a" * 16,
            "MINIAPP_PROTECTION_INDEX_KEY": "a5" * 32,
            # Fuzzing sends many logins and writes; the limits themselves are tested elsewhere.
            "MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": "100000",
            "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
        }
    )
    seeded = subprocess.run(
        [sys.executable, "-m", "miniapp_api", "seed-demo", "--password", PASSWORD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr
    serve_log = tmp / "serve.log"
    _spawn(stack, serve_log, env, "-m", "miniapp_api", "serve", "--port", "0")
    base_url = _wait_for_line(serve_log, SERVING_LINE).group(1)
    live = LiveStack(base_url, mp_url, tmp)
    _wait_for(live.base_url + "/healthz")
    _wait_for(live.simulator_url + "/__sim/log")
    _wait_for(idp_url + "/.well-known/openid-configuration")
    return live


SIMULATOR_LINE = re.compile(r"mini-program host at (http://\S+), WeChat Work host at (http://\S+)")
IDP_LINE = re.compile(r"identity platform at (http://\S+)")
SERVING_LINE = re.compile(r"serving on (http://[\d.]+:\d+)")


def _wait_for_line(log_path: Path, pattern: re.Pattern[str]) -> re.Match[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if log_path.exists() and (found := pattern.search(log_path.read_text(errors="replace"))):
            return found
        time.sleep(0.1)
    raise AssertionError(f"{log_path.name} never said {pattern.pattern!r}")


def _spawn(stack: ExitStack, log_path: Path, env: dict[str, str], *args: str) -> None:
    log = stack.enter_context(log_path.open("wb"))
    process = stack.enter_context(
        subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    )
    stack.callback(_stop, process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
