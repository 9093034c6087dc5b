"""The access log: a line per answer, with the request's id. Paths and query strings are
logged as they came; the log's one redaction (services/logs.Redactor) takes out the tokens in
them (ping URLs, `sentry_key=`, the webhook's path), as it does for every other record."""

import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from api.middleware import REQUEST_ID
from services.core.logs import NO_REQUEST


class AccessLogger(AbstractAccessLogger):
    @property
    def enabled(self) -> bool:
        # Asked once per connection: below INFO, aiohttp neither times requests nor calls log().
        return self.logger.isEnabledFor(logging.INFO)

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if not self.logger.isEnabledFor(logging.INFO):
            return
        self.logger.info(
            '%s "%s %s" %s %s %.1fms',
            request.remote,
            request.method,
            request.path_qs,
            response.status,
            response.body_length,
            time * 1000,
            extra={"request_id": request.get(REQUEST_ID, NO_REQUEST)},
        )
