"""One line per request, without the query string or headers: lookups may carry secrets there."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from miniapp_api.authentication import REQUEST_ID


class AccessLogger(AbstractAccessLogger):
    @property
    def enabled(self) -> bool:
        # aiohttp asks once per connection: below INFO it neither times nor calls log().
        return self.logger.isEnabledFor(logging.INFO)

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %s %.1fms [%s]',
            request.remote,
            request.method,
            request.path,
            response.status,
            time * 1000,
            request.get(REQUEST_ID, "-"),
        )
