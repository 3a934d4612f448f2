"""Run the SMS simulator: python -m devtools.sms_sim [--host H] [--port P] [--templates FILE]."""

from __future__ import annotations

import argparse
import os

from aiohttp import web

from devtools.sms_sim import SmsSimState, create_sms_app
from devtools.sms_sim.templates import approve_templates


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devtools.sms_sim")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--templates", default="notify/templates/templates.toml")
    args = parser.parse_args()
    # The key is the simulator's own; hand it to our server as MINIAPP_SMS_SECRET_KEY.
    state = SmsSimState()
    state.secret_key = os.environ.get("SMS_SIM_SECRET_KEY") or state.secret_key
    approve_templates(state, args.templates)
    print(f"SMS simulator: SecretId {state.secret_id}, SmsSdkAppId {state.sdk_app_id}", flush=True)
    web.run_app(create_sms_app(state), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
