"""GET /api/v1/health: 200 when the database answers (with the outbox's depth), else 503."""

from aiohttp import web

from api.common import json_answer
from services.outbox import pending_count


async def get_health(request: web.Request) -> web.Response:
    try:
        pending = await pending_count()
    except Exception as error:  # any driver failure means "not healthy", never a 500
        return json_answer({"ok": False, "database": f"unavailable: {type(error).__name__}"}, 503)
    return json_answer({"ok": True, "database": "ok", "outbox_pending": pending})
