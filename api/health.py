"""GET /api/v1/health: 200 when the database answers (with the outbox's depth and whether Redis
answers), else 503. Redis holds only the bot's dialog state: its outage is reported, not
unhealthy."""

from aiohttp import web

from api.common import json_answer
from api.keys import REDIS_PROBE
from services.letters.outbox import pending_count


async def get_health(request: web.Request) -> web.Response:
    redis = str(await request.app[REDIS_PROBE].state())
    try:
        pending = await pending_count()
    except Exception as error:  # any driver failure means "not healthy", never a 500
        database = f"unavailable: {type(error).__name__}"
        return json_answer({"ok": False, "database": database, "redis": redis}, 503)
    return json_answer({"ok": True, "database": "ok", "redis": redis, "outbox_pending": pending})
