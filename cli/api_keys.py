"""`python main.py add-api-key | list-api-keys | revoke-api-key`: keys of the management API
from the shell (docs/management-api.md). A key made here has no maker: it works until revoked.

add-api-key --name N [--read-only] [--project P] [--json]   the key, printed once
list-api-keys [--json]                                      working keys (never the key itself)
revoke-api-key --id ID                                      it stops working at once"""

import argparse
from datetime import UTC, datetime
from typing import Any

import orjson

from models import ApiKey
from services.accounts import api_keys, projects
from services.core.settings import Settings
from services.text.i18n import Translator
from services.text.render import format_time


def add_parsers(commands: Any) -> None:
    add = commands.add_parser(
        "add-api-key", help="a key for the management API (/api/v1/manage), printed once"
    )
    add.add_argument("--name", required=True, help="what the key is for: terraform, deploy")
    add.add_argument("--read-only", action="store_true", help="the key may only read")
    add.add_argument("--project", help="project id or name: the key sees only this project")
    add.add_argument("--json", action="store_true", help="print one JSON object")
    listing = commands.add_parser("list-api-keys", help="list the management API's keys")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    revoke = commands.add_parser("revoke-api-key", help="a management API key stops working")
    revoke.add_argument("--id", type=int, required=True)


def key_json(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "read_only": key.read_only,
        "project_id": key.project_id,
        "created_by": key.created_by,
        "created_at": key.created_at.isoformat() if key.created_at else None,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }


async def add_api_key(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project) if args.project else None
    key, plain = await api_keys.create_key(
        args.name, args.read_only, project.id if project else None, None
    )
    key = await ApiKey.get(id=key.id)  # with what the database filled in
    if args.json:
        print(orjson.dumps({**key_json(key), "key": plain}).decode())
        return
    scope = _scope(tr, settings, key, project.name if project else None)
    print(tr.get("cli-api-key-added", settings.default_locale, name=key.name, scope=scope))
    print(plain)


async def list_api_keys(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    keys = await api_keys.list_keys()
    if args.json:
        print(orjson.dumps([key_json(key) for key in keys]).decode())
        return
    locale = settings.default_locale
    if not keys:
        print(tr.get("cli-api-keys-none", locale, command=args.prog))
    for key in keys:
        used = (
            format_time(key.last_used_at)
            if key.last_used_at
            else tr.get("cli-api-key-unused", locale)
        )
        scope = _scope(tr, settings, key, key.project.name if key.project else None)
        print(
            tr.get(
                "cli-api-key-line",
                locale,
                id=str(key.id),
                name=key.name,
                prefix=key.prefix,
                scope=scope,
                used=used,
            )
        )


async def revoke_api_key(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    key = await api_keys.revoke_key(args.id, datetime.now(UTC))
    print(tr.get("cli-api-key-revoked", settings.default_locale, id=str(key.id), name=key.name))


def _scope(tr: Translator, settings: Settings, key: ApiKey, project: str | None) -> str:
    locale = settings.default_locale
    where = (
        tr.get("cli-api-key-one-project", locale, name=project)
        if project
        else tr.get("cli-api-key-all-projects", locale)
    )
    what = tr.get("cli-api-key-read-only" if key.read_only else "cli-api-key-read-write", locale)
    return f"{what}, {where}"
