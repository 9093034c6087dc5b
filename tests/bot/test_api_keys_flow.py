"""/apikeys: an admin makes a key in the chat (name, read-only or not, every project or one),
sees it once in a message of its own, finds it in the list without the key, and revokes it;
anyone else is refused in their language. The key made here works on the management API only
while its maker is an admin (tests/api/test_manage_api.py)."""

import hashlib
import re

import pytest
from redis.asyncio import Redis

from models import ApiKey, Project
from services.accounts import api_keys
from tests.bot.conftest import ADMIN, STRANGER, BotWorld, Chat
from tests.conftest import make_project

KEY = re.compile(r"em_[A-Za-z0-9_-]{40}")
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def stored_bot_state(world: BotWorld) -> str:
    """Everything the bot keeps in Redis (dialog stacks and data); empty in memory mode."""
    if not world.settings.redis_url:
        return ""
    client = Redis.from_url(world.settings.redis_url)
    try:  # aiogram's RedisStorage keeps each state and its data as a JSON string
        values = [await client.get(key) or b"" async for key in client.scan_iter(_type="string")]
    finally:
        await client.aclose()
    return b"".join(values).decode("latin-1")


@SQLITE_ONLY
async def test_an_admin_makes_a_key_sees_it_once_and_revokes_it(world: BotWorld) -> None:
    await make_project(name="Shop")
    admin = world.person(ADMIN, "en")
    await admin.say("/apikeys")
    assert "Management API keys" in admin.screen and "No keys yet." in admin.screen
    await admin.press("➕ New key")
    assert "What is the key for?" in admin.screen
    await admin.say("terraform")
    assert "Key terraform: may it change things, or only read?" in admin.screen
    await admin.press("Read-only")
    assert "for every project, or for one?" in admin.screen
    await admin.press("Shop")

    shown = [
        m.visible_text for m in world.telegram.messages_to(ADMIN) if KEY.search(m.visible_text)
    ]
    assert len(shown) == 1 and "shown only this once" in shown[0]
    plain = KEY.search(shown[0]).group(0)  # type: ignore[union-attr]
    key = await ApiKey.get(key_hash=hashlib.sha256(plain.encode()).hexdigest())
    project = await Project.get(name="Shop")
    assert (key.name, key.read_only, key.project_id, key.created_by) == (
        "terraform", True, project.id, ADMIN
    )  # fmt: skip
    # The list, below the key's message: the key's first characters, never the key.
    assert f"terraform {plain[:8]}…" in admin.screen
    assert "read-only, project Shop only; last used: never" in admin.screen
    assert plain not in admin.screen
    assert plain not in await stored_bot_state(world)

    await admin.press(f"🗑 terraform ({plain[:8]}…)")
    assert "Revoke key terraform" in admin.screen
    await admin.press("🗑 Revoke")
    assert "No keys yet." in admin.screen
    assert (await ApiKey.get(id=key.id)).revoked_at is not None


@SQLITE_ONLY
async def test_a_key_for_every_project_is_made_in_russian(world: BotWorld) -> None:
    admin = world.person(ADMIN, "ru")
    await admin.say("/apikeys")
    assert "Ключей пока нет." in admin.screen
    await admin.press("➕ Новый ключ")
    await admin.say("   ")
    assert "Название не может быть пустым." in admin.screen
    await admin.say("деплой")
    await admin.press("Чтение и запись")
    await admin.press("Все проекты")
    assert "чтение и запись, все проекты; последний вызов: не было" in admin.screen
    [key] = await api_keys.list_keys()
    assert (key.name, key.read_only, key.project_id) == ("деплой", False, None)


@SQLITE_ONLY
async def test_someone_who_is_not_an_admin_is_refused(world: BotWorld) -> None:
    stranger = world.person(STRANGER, "ru")
    await stranger.say("/apikeys")
    assert "Ключами API управляют только админы." in stranger.screen
    assert stranger.labels == ["✖️ Закрыть"]


TEAM = -1001


@SQLITE_ONLY
async def test_in_a_group_keys_are_neither_made_nor_listed(world: BotWorld) -> None:
    """A key shown in a group would be read by every member of it (as a project's token, keys
    are for a private chat): an admin's /apikeys in a group points to the private chat."""
    await api_keys.create_key("terraform", False, None, ADMIN)
    world.person(ADMIN, "en")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN])
    admin = Chat(world.telegram, TEAM, ADMIN)
    await admin.say("/apikeys")
    assert "private chat" in admin.screen
    assert "terraform" not in admin.screen
    assert admin.labels == ["✖️ Close"]
