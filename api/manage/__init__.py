"""The management API (/api/v1/manage/, docs/management-api.md): projects, their checks,
subscriptions, maintenance and error groups, for scripts and infrastructure code, with an API
key (`Authorization: Bearer <key>`, services/accounts/api_keys.py). One module per resource,
each thin: validate, check the key's scope (api/manage/auth.py), call the service, answer."""

from aiohttp import web

from api.manage.checks import add_check_routes
from api.manage.groups import add_group_routes
from api.manage.maintenance import add_maintenance_routes
from api.manage.projects import add_project_routes
from api.manage.subscriptions import add_subscription_routes

MANAGE_PREFIX = "/api/v1/manage"


def add_manage_routes(app: web.Application) -> None:
    for add in (
        add_project_routes,
        add_check_routes,
        add_subscription_routes,
        add_maintenance_routes,
        add_group_routes,
    ):
        add(app, MANAGE_PREFIX)
