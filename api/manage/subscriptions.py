"""Which chats hear about a project, through the management API: list, add a chat by its id
(with the severity and heartbeat choices the bot offers), remove. The rules are
services/accounts/subscribers.py's. A subscription made with an admin's key is made in that
admin's name: it stops when they lose the project, as one they made in the bot would."""

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import Field, StrictInt

from api.common import json_answer
from api.manage.auth import Body, body, holder, iso, ok, readable_project, writable_project
from models import HeartbeatMode, Severity, Subscription
from services.accounts import subscribers
from services.core.errors import NotFound

MAX_CHAT_ID = 10**15  # Telegram's ids fit in 52 bits


class NewSubscription(Body):
    chat_id: StrictInt = Field(ge=-MAX_CHAT_ID, le=MAX_CHAT_ID)
    min_severity: Severity | None = None
    heartbeats: HeartbeatMode | None = None


def subscription_json(row: Subscription) -> dict[str, Any]:
    return {
        "chat_id": row.subscriber.telegram_id,
        "min_severity": row.min_severity,
        "heartbeats": row.heartbeat_mode,
        "stopped": row.stopped_at is not None,
        "created_at": iso(row.created_at),
    }


async def list_subscriptions(request: web.Request) -> web.Response:
    project = await readable_project(request)
    rows = await (
        Subscription.filter(project_id=project.id).select_related("subscriber").order_by("id")
    )
    return json_answer(ok(subscriptions=[subscription_json(row) for row in rows]))


async def add_subscription(request: web.Request) -> web.Response:
    project = await writable_project(request)
    spec = await body(request, NewSubscription)
    options = subscribers.SubscriptionOptions(
        min_severity=spec.min_severity.value if spec.min_severity else None,
        heartbeat_mode=spec.heartbeats.value if spec.heartbeats else None,
        created_by=(await holder(request)).key.created_by,
    )
    subscription, created = await subscribers.subscribe(spec.chat_id, project, options)
    row = await Subscription.get(id=subscription.id).select_related("subscriber")
    return json_answer(ok(subscription=subscription_json(row)), status=201 if created else 200)


async def remove_subscription(request: web.Request) -> web.Response:
    project = await writable_project(request)
    chat_id = int(request.match_info["chat_id"])  # the route's pattern: at most 16 digits
    if not await subscribers.unsubscribe(chat_id, project.id, datetime.now(UTC)):
        raise NotFound(f"chat {chat_id} is not subscribed to this project")
    return json_answer(ok())


def add_subscription_routes(app: web.Application, prefix: str) -> None:
    many = f"{prefix}/projects/{{project_id}}/subscriptions"
    app.router.add_get(many, list_subscriptions)
    app.router.add_post(many, add_subscription)
    app.router.add_delete(f"{many}/{{chat_id:-?[0-9]{{1,16}}}}", remove_subscription)
