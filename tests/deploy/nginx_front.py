"""Debian's nginx in front of a test server, configured from deploy/'s site template.

nginx runs from a temporary prefix (its own pid file, logs and temp paths), with a self-signed
certificate made here. Its listening sockets are bound by us on OS-chosen ports and handed over
as inherited sockets (the NGINX environment variable nginx uses for binary upgrades), so no
port is guessed. One upstream instance is down on purpose (bound, never listening): requests
must still reach the live one.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CLIENT_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Front:
    https: str
    http: str
    live_upstream: str
    dead_upstream: str
    ssl: ssl.SSLContext
    access_log: Path
    error_log: Path


@contextmanager
def nginx_front(upstream: str, max_body_bytes: int, trust: bool, tmp: Path) -> Iterator[Front]:
    assert NGINX is not None
    certificate, key = _self_signed(tmp)
    https, http = _listener(), _listener()
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))  # never listen(): connections to it are refused
    dead_upstream = f"127.0.0.1:{dead.getsockname()[1]}"
    access_log, error_log = tmp / "access.log", tmp / "error.log"
    _render(
        tmp / "site.conf",
        upstreams=[dead_upstream, upstream],
        https=https,
        http=http,
        certificate=certificate,
        key=key,
        access_log=access_log,
        environ={
            "MINIAPP_SERVER_MAX_BODY_BYTES": str(max_body_bytes),
            "MINIAPP_SERVER_TRUSTED_PROXIES": "127.0.0.1" if trust else "",
        },
    )
    conf = _main_conf(tmp)
    fds = (https.fileno(), http.fileno())
    process = subprocess.Popen(
        [NGINX, "-p", f"{tmp}/", "-e", str(error_log), "-c", str(conf),
         "-g", f"daemon off; pid {tmp}/nginx.pid;"],
        pass_fds=fds,
        env={"PATH": os.environ.get("PATH", ""), "NGINX": "".join(f"{fd};" for fd in fds)},
    )  # fmt: skip
    try:
        context = ssl.create_default_context(cafile=str(certificate))
        yield Front(
            https=f"https://127.0.0.1:{https.getsockname()[1]}",
            http=f"http://127.0.0.1:{http.getsockname()[1]}",
            live_upstream=upstream,
            dead_upstream=dead_upstream,
            ssl=context,
            access_log=access_log,
            error_log=error_log,
        )
        assert process.poll() is None, "nginx stopped:\n" + read_log(error_log)
    finally:
        process.terminate()
        process.wait(timeout=10)
        for sock in (https, http, dead):
            sock.close()


def _listener() -> socket.socket:
    sock = socket.create_server(("127.0.0.1", 0), backlog=128)
    sock.set_inheritable(True)
    return sock


def _render(
    target: Path,
    *,
    upstreams: list[str],
    https: socket.socket,
    http: socket.socket,
    certificate: Path,
    key: Path,
    access_log: Path,
    environ: dict[str, str],
) -> None:
    """Through deploy/render_nginx.py, exactly as deploy/README.md tells a county to."""
    command = [
        sys.executable, str(ROOT / "deploy" / "render_nginx.py"),
        "--server-name", "127.0.0.1",
        "--https-listen", f"127.0.0.1:{https.getsockname()[1]}",
        "--http-listen", f"127.0.0.1:{http.getsockname()[1]}",
        "--certificate", str(certificate), "--certificate-key", str(key),
        "--client-timeout", str(CLIENT_TIMEOUT_SECONDS),
        "--access-log", str(access_log),
        "--output", str(target),
    ]  # fmt: skip
    for upstream in upstreams:
        command += ["--upstream", upstream]
    # Only the settings meant for the renderer: the test run's own MINIAPP_TEST_* are not settings.
    env = {"PATH": os.environ.get("PATH", ""), **environ}
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)


def _main_conf(tmp: Path) -> Path:
    """What /etc/nginx/nginx.conf is on a server, reduced to a prefix of our own."""
    # As root, workers would switch to `nobody`, who cannot enter pytest's private temp dirs.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    client_body_temp_path {tmp}/client_body;\n"
        f"    proxy_temp_path {tmp}/proxy;\n"
        f"    fastcgi_temp_path {tmp}/fastcgi;\n"
        f"    uwsgi_temp_path {tmp}/uwsgi;\n"
        f"    scgi_temp_path {tmp}/scgi;\n"
        f"    include {tmp}/site.conf;\n"
        "}\n",
        encoding="utf-8",
    )
    return conf


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def read_log(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no log)"
