"""Render the nginx site from deploy/nginx/miniapp.conf.template.

    .venv/bin/python deploy/render_nginx.py --config /etc/miniapp/config.toml \
        --server-name zwfw.example.gov.cn --upstream 127.0.0.1:8081 --upstream 127.0.0.1:8082 \
        --certificate /etc/ssl/miniapp/fullchain.pem --certificate-key /etc/ssl/miniapp/key.pem \
        > /etc/nginx/sites-available/miniapp

client_max_body_size comes from the same settings the servers load (the file, then MINIAPP_*
variables), so nginx and the servers refuse the same bodies. The test tests/deploy/ renders the
site with this script too.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.config import ConfigError, load_settings  # noqa: E402

TEMPLATE = ROOT / "deploy" / "nginx" / "miniapp.conf.template"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
INDENT = "    "
HTTP = ["80", "[::]:80"]
HTTPS = ["443", "[::]:443"]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(Path(args.config) if args.config else None, os.environ)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    if not settings.server.trusted_proxies:
        print(
            "warning: [server] trusted_proxies is empty: behind nginx every client would share "
            "nginx's address for rate limits; set MINIAPP_SERVER_TRUSTED_PROXIES to its address",
            file=sys.stderr,
        )
    values = {
        "server_name": args.server_name,
        "upstream_servers": "\n".join(
            f"{INDENT}server {address} max_fails=1 fail_timeout=5s;" for address in args.upstream
        ),
        "http_listen": "\n".join(f"{INDENT}listen {a};" for a in args.http_listen or HTTP),
        "https_listen": "\n".join(
            f"{INDENT}listen {a} ssl http2;" for a in args.https_listen or HTTPS
        ),
        "tls_certificate": args.certificate,
        "tls_certificate_key": args.certificate_key,
        "client_max_body_size": str(settings.server.max_body_bytes),
        "upload_max_body_size": str(settings.files.max_bytes + 64 * 1024),
        "client_timeout": f"{args.client_timeout}s",
        "access_log": args.access_log,
    }
    text = render(Path(args.template).read_text(encoding="utf-8"), values)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def render(template: str, values: dict[str, str]) -> str:
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise SystemExit(f"the template needs values for: {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", help="the servers' settings file (default: config.toml)")
    parser.add_argument("--server-name", required=True, help="the public host name")
    parser.add_argument(
        "--upstream",
        action="append",
        required=True,
        help="HOST:PORT of one server instance (repeat for each)",
    )
    parser.add_argument("--certificate", required=True, help="PEM certificate chain")
    parser.add_argument("--certificate-key", required=True, help="PEM private key")
    parser.add_argument(
        "--https-listen",
        action="append",
        help="address nginx takes HTTPS on (repeatable; default: 443 and [::]:443)",
    )
    parser.add_argument(
        "--http-listen",
        action="append",
        help="address of the redirect to HTTPS (repeatable; default: 80 and [::]:80)",
    )
    parser.add_argument(
        "--client-timeout",
        type=int,
        default=15,
        help="seconds a client may pause while sending headers or body or reading the answer",
    )
    parser.add_argument("--access-log", default="/var/log/nginx/miniapp.access.log")
    parser.add_argument("--template", default=str(TEMPLATE))
    parser.add_argument("--output", help="write here instead of standard output")
    return parser


if __name__ == "__main__":
    sys.exit(main())
