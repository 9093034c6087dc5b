"""The access log without secrets: ping URLs and `sentry_key=` carry project tokens."""

import logging
import re

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from api.middleware import REQUEST_ID
from services.logs import NO_REQUEST

_SECRETS = re.compile(r"(/ping/)[^/?\s]+|(sentry_key=)[^&\s]+|(/telegram/)[^?\s]*")


def redact(path: str) -> str:
    return _SECRETS.sub(
        lambda match: (match.group(1) or match.group(2) or match.group(3)) + "***", path
    )


class RedactingAccessLogger(AbstractAccessLogger):
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
            redact(request.path_qs),
            response.status,
            response.body_length,
            time * 1000,
            extra={"request_id": request.get(REQUEST_ID, NO_REQUEST)},
        )
