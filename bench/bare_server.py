"""The yardstick: a bare aiohttp JSON endpoint, no database. `python bench/bare_server.py PORT`."""

import sys

from aiohttp import web


async def hello(request: web.Request) -> web.Response:
    return web.json_response({"case_no": "2026112300001", "status": "accepted"})


if __name__ == "__main__":
    app = web.Application()
    app.router.add_get("/json", hello)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
