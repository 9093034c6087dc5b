"""GET /api/v1/health: 200 when the database answers, 503 when it does not."""

from aiohttp import web
from tortoise import connections

from api.common import json_answer


async def get_health(request: web.Request) -> web.Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as error:  # any driver failure means "not healthy", never a 500
        return json_answer({"ok": False, "database": f"unavailable: {type(error).__name__}"}, 503)
    return json_answer({"ok": True, "database": "ok"})
