"""The same journey in Russian: every screen and button in the chat's language."""

from models import Project
from tests.bot.conftest import ADMIN, BotWorld


async def test_russian_admin_adds_lists_and_reads_stats(world: BotWorld) -> None:
    admin = world.person(ADMIN, "ru")
    await admin.say("/start")
    assert "вы администратор" in admin.screen
    await admin.press("➕ Добавить проект")
    await admin.say("Мой проект")
    await admin.press("Бот")
    await admin.press("Пропустить ➡️")
    await admin.press("5 минут")
    assert "⏱️ Таймаут тишины: 5 минут" in admin.screen
    await admin.press("✅ Создать")
    project = await Project.get(name="Мой проект")
    assert "Проект создан" in admin.screen and project.token in admin.screen
    await admin.press("⬅️ Назад")
    assert "📊 Статус: 🆕 ещё не присылал heartbeat" in admin.screen
    assert "⏸️ Пауза" in admin.labels
    await admin.say("/stats")
    assert "Доступность: 24 ч — —, 7 дней — —" in admin.screen
    await admin.say("/help")
    assert "/subscribe — подписать этот чат" in admin.screen


async def test_a_russian_admin_types_the_timeout_as_people_say_it(world: BotWorld) -> None:
    admin = world.person(ADMIN, "ru")
    await admin.say("/start")
    await admin.press("➕ Добавить проект")
    await admin.say("Касса")
    await admin.press("Бот")
    await admin.press("Пропустить ➡️")
    await admin.say("15 минуточек")
    assert "Не понимаю длительность. Напишите, например: 90 сек, 15 мин" in admin.screen
    await admin.say("15 мин")
    assert "⏱️ Таймаут тишины: 15 минут" in admin.screen
    await admin.press("✅ Создать")
    assert (await Project.get(name="Касса")).timeout_seconds == 900
