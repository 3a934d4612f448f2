"""`python -m miniapp_api serve | migrate | seed-demo | worker | makemigrations`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from core.config import ConfigError, load_settings
from core.db import migrate_database, open_database
from core.settings import Settings
from miniapp_api.access_log import AccessLogger
from miniapp_api.app import create_app
from miniapp_api.resources import SchemaOutOfDate
from notify.worker import run_worker

log = logging.getLogger("miniapp_api")
DEMO_PASSWORD = "demo-2026"
# Where `serve --demo` runs the WeChat simulator (mini-program host, WeChat Work host).
DEMO_SIMULATOR_PORTS = (9100, 9101)


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
    stop = _stop_event()
    demo_runner = None
    if args.demo:
        settings, demo_runner = await _prepare_demo(settings, args.simulator_port)
    app = create_app(settings)
    runner = web.AppRunner(app, access_log=log, access_log_class=AccessLogger)
    await runner.setup()
    worker = None
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("serving on http://%s:%s (API document: /api/openapi.json)", host, port)
        if args.demo:
            # The demo also delivers its outbox, sharing the server's database connections.
            worker = asyncio.create_task(run_worker(settings, stop, open_own_database=False))
            worker.add_done_callback(_stop_if_failed(stop))
        await stop.wait()
    finally:
        if worker is not None:
            stop.set()
            with contextlib.suppress(Exception):
                await worker
        await runner.cleanup()
        if demo_runner is not None:
            await demo_runner.cleanup()
    return 0


async def _prepare_demo(
    settings: Settings, simulator_port: int
) -> tuple[Settings, web.AppRunner | None]:
    from devtools.seed_demo import seed_demo

    if settings.database.is_sqlite:
        await migrate_database(settings.database)
    context = await open_database(settings.database)
    try:
        created = await seed_demo(DEMO_PASSWORD)
    finally:
        await context.close_connections()
    if created:
        log.info("demo staff created (password %r): %s", DEMO_PASSWORD, ", ".join(created))
    if settings.wechat.appid:
        return settings, None
    from core.notify_templates import load_templates
    from devtools import demo_data
    from devtools.wechat_sim import SimulatorState, start_simulators

    state = SimulatorState()
    # So the demo's notifier can deliver: our subscribe templates and the demo staff exist there.
    book = load_templates(settings.notify.templates_file, settings.notify.default_max_tries)
    for template in book:
        spec = template.sections.get("subscribe")
        if spec:
            state.register_template(str(spec["template_id"]), list(spec.get("data", {})))
    for _, _, _, _, wecom_userid in demo_data.STAFF:
        if wecom_userid:
            state.register_wecom_user(wecom_userid)
    runner, mp_base, wecom_base = await start_simulators(
        state, mp_port=simulator_port, wecom_port=simulator_port + 1
    )
    log.info(
        "WeChat simulator on %s (get a login code: POST %s/__sim/login_code)", mp_base, mp_base
    )
    settings, runner = await _demo_identity_platform(settings, simulator_port + 2, runner)
    settings = settings.model_copy(
        update={
            "wechat": settings.wechat.model_copy(
                update={"api_base": mp_base, "appid": state.appid, "secret": state.secret}
            ),
            "wecom": settings.wecom.model_copy(
                update={
                    "api_base": wecom_base,
                    "corpid": state.corpid,
                    "secret": state.corpsecret,
                    "agentid": state.agentid,
                }
            ),
        }
    )
    return settings, runner


async def _demo_identity_platform(
    settings: Settings, port: int, wechat_runner: web.AppRunner
) -> tuple[Settings, web.AppRunner]:
    """The demo's provincial identity platform, unless a real one is configured."""
    import secrets

    from devtools.idp_sim import IdpState
    from devtools.idp_sim.runner import DEMO_CLAIMS, DEMO_SUBJECT, start_idp

    redirect = f"http://{settings.server.host}:{settings.server.port}/identity/callback"
    state = IdpState(redirect_uri=redirect)
    state.register_user(DEMO_SUBJECT, DEMO_CLAIMS)
    try:
        idp_runner, issuer = await start_idp(state, wechat_runner, port=port)
    except OSError:  # the port next to the WeChat simulator's is taken: any free one will do
        idp_runner, issuer = await start_idp(state, wechat_runner, port=0)
    log.info("identity platform simulator on %s (sign in as login_as=%s)", issuer, DEMO_SUBJECT)
    if settings.identity.issuer:
        return settings, idp_runner
    identity = settings.identity.model_copy(
        update={
            "issuer": issuer,
            "client_id": state.client_id,
            "client_secret": state.client_secret,
            "redirect_uri": redirect,
            "id_hash_key": secrets.token_hex(16),
        }
    )
    return settings.model_copy(update={"identity": identity}), idp_runner


async def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    await migrate_database(settings.database)
    print("database is up to date")
    return 0


async def _seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from devtools.seed_demo import seed_demo

    if settings.database.is_sqlite:
        await migrate_database(settings.database)
    context = await open_database(settings.database)
    try:
        created = await seed_demo(args.password)
    finally:
        await context.close_connections()
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


def _stop_if_failed(stop: asyncio.Event) -> Callable[[asyncio.Task[None]], None]:
    def check(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the worker stopped", exc_info=task.exception())
            stop.set()

    return check


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
