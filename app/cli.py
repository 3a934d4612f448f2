"""`python -m miniapp_api serve | migrate | seed-demo | worker | makemigrations | rotate-keys |
verify-audit`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from app.server import serve
from app.worker import run_worker
from core.config import ConfigError, load_settings
from core.crypto import CryptoError
from core.db import migrate_database, open_database
from core.settings import Settings
from devtools.demo import DEMO_SIMULATOR_PORTS, seed_demo_county
from miniapp_api.resources import SchemaOutOfDate
from workflows.protection import chain, rotation
from workflows.protection.keys import check_canaries, install_keys


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(Path(args.config) if args.config else None, os.environ)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.logging.level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        if getattr(args, "demo", False) or args.command == "seed-demo":
            # The demo (only) may encrypt under the public demo key when none is configured.
            settings = settings.model_copy(
                update={"protection": settings.protection.model_copy(update={"demo_keys": True})}
            )
        return asyncio.run(COMMANDS[args.command](settings, args))
    except (SchemaOutOfDate, CryptoError) as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m miniapp_api", description=__doc__)
    parser.add_argument("--config", help="settings file (default: config.toml)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int, help="0: any free port (the log names it)")
    serve.add_argument(
        "--simulator-port",
        type=_simulator_ports,
        default=DEMO_SIMULATOR_PORTS,
        metavar="MP[,WECOM]",
        help="with --demo: the WeChat simulator's mini-program and WeChat Work ports (default"
        f" {DEMO_SIMULATOR_PORTS[0]},{DEMO_SIMULATOR_PORTS[1]}; one port: WeChat Work on the next;"
        " 0: any free ports, the log names them)",
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="seed the demo county and, unless WeChat is configured, run the WeChat simulator",
    )
    commands.add_parser("migrate", help="apply database migrations")
    seed = commands.add_parser("seed-demo", help="insert the demo county (idempotent)")
    seed.add_argument("--password", help="password for new demo staff (default: random)")
    commands.add_parser("worker", help="run the notifier and supervision loops")
    commands.add_parser("makemigrations", help="(developers) write a migration for model changes")
    commands.add_parser(
        "rotate-keys",
        help="re-encrypt personal data under the current key, in batches, while the service runs",
    )
    commands.add_parser(
        "verify-audit", help="check the audit chain; names each edited or deleted entry (exit 1)"
    )
    return parser


async def _serve(settings: Settings, args: argparse.Namespace) -> int:
    host = args.host or settings.server.host
    port = args.port if args.port is not None else settings.server.port
    demo_ports = args.simulator_port if args.demo else None
    await serve(settings, host, port, _stop_event(), demo_ports)
    return 0


def _simulator_ports(text: str) -> tuple[int, int]:
    try:
        ports = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port or two: {text!r}") from None
    if len(ports) > 2 or not all(0 <= port <= 65535 for port in ports):
        raise argparse.ArgumentTypeError(f"not a port or two: {text!r}")
    if len(ports) == 2:
        return ports[0], ports[1]
    # One port: WeChat Work on the next, as `make demo` has always run it; 0: the OS picks both.
    return ports[0], (ports[0] + 1 if ports[0] else 0)


async def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    install_keys(settings.protection)  # the migration encrypts rows stored in clear
    await migrate_database(settings.database)
    print("database is up to date")
    return 0


async def _seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    install_keys(settings.protection)
    created = await seed_demo_county(settings, args.password)
    for username, password in created.items():
        print(f"staff {username}: password {password}")
    print(f"demo county ready ({len(created)} new staff accounts)")
    return 0


async def _worker(settings: Settings, args: argparse.Namespace) -> int:
    await run_worker(settings, _stop_event())
    return 0


async def _makemigrations(settings: Settings, args: argparse.Namespace) -> int:
    from tortoise.cli.cli import CLIContext, makemigrations

    context = CLIContext(config="core.migration_config.TORTOISE_ORM", config_file=None)
    await makemigrations(context, (), empty=False, name=None)
    return 0


async def _rotate_keys(settings: Settings, args: argparse.Namespace) -> int:
    ring = install_keys(settings.protection)
    context = await open_database(settings.database)
    try:
        await check_canaries(ring)
        done = await rotation.rotate(settings.protection.rotation_batch)
        for column, count in done.items():
            print(f"{column}: {count} values re-encrypted under {ring.current_id}")
        in_use = await rotation.keys_in_use()
        print("values per key: " + ", ".join(f"{k}={n}" for k, n in sorted(in_use.items())))
    finally:
        await context.close_connections()
    return 0


async def _verify_audit(settings: Settings, args: argparse.Namespace) -> int:
    context = await open_database(settings.database)
    try:
        await chain.seal()
        report = await chain.verify()
    finally:
        await context.close_connections()
    for problem in report.problems:
        print(problem)
    print(f"{report.checked} entries checked: " + ("intact" if report.intact else "NOT intact"))
    return 0 if report.intact else 1


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


COMMANDS = {
    "serve": _serve,
    "migrate": _migrate,
    "seed-demo": _seed_demo,
    "worker": _worker,
    "makemigrations": _makemigrations,
    "rotate-keys": _rotate_keys,
    "verify-audit": _verify_audit,
}
