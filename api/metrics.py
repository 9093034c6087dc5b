"""`GET /metrics`: Prometheus text format, from the app's own registry."""

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from api.keys import METRICS


async def get_metrics(request: web.Request) -> web.Response:
    body = await request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
