"""`python -m miniapp_api serve | migrate | seed-demo | worker | makemigrations`."""

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
from core.db import migrate_database
from core.settings import Settings
from devtools.demo import DEMO_SIMULATOR_PORTS, seed_demo_county
from miniapp_api.resources import SchemaOutOfDate


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
        return asyncio.run(COMMANDS[args.command](settings, args))
    except SchemaOutOfDate as error:
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
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--simulator-port",
        type=int,
        default=DEMO_SIMULATOR_PORTS[0],
        help="with --demo: the WeChat simulator's mini-program port (WeChat Work: the next one)",
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
    return parser


async def _serve(settings: Settings, args: argparse.Namespace) -> int:
    host = args.host or settings.server.host
    port = args.port if args.port is not None else settings.server.port
    demo_ports = (args.simulator_port, args.simulator_port + 1) if args.demo else None
    await serve(settings, host, port, _stop_event(), demo_ports)
    return 0


async def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    await migrate_database(settings.database)
    print("database is up to date")
    return 0


async def _seed_demo(settings: Settings, args: argparse.Namespace) -> int:
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
}
