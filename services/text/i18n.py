"""Translations (Fluent files under locales/<lang>/), shared by the bot and the notifications."""

from typing import Any, Protocol

from aiogram_i18n.cores import FluentRuntimeCore

from services.core.paths import LOCALES_DIR

SUPPORTED_LOCALES = ("ru", "en")


class Translator(Protocol):
    def get(self, message: str, locale: str | None = None, /, **kwargs: Any) -> str: ...


def create_translator(default_locale: str) -> FluentRuntimeCore:
    """The aiogram-i18n core; load it with `await core.startup()` (the dispatcher does too)."""
    return FluentRuntimeCore(path=LOCALES_DIR / "{locale}", default_locale=default_locale)


def pick_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """A chat's language: what we stored, else Telegram's `language_code`, else the default."""
    for candidate in (stored, (telegram_code or "")[:2].lower()):
        if candidate in SUPPORTED_LOCALES:
            return candidate
    return default


def translate(tr: Translator, key: str, locale: str, **values: str | int | float) -> str:
    """Like `tr.get`, for text of any length: Fluent refuses placeables over 1,000 characters,
    so strings go in after formatting, through private-use sentinels (numbers go to Fluent,
    which needs them for plurals)."""
    texts = {name: value for name, value in values.items() if isinstance(value, str)}
    sentinels = {name: f"\ue000{name}\ue001" for name in texts}
    numbers = {name: value for name, value in values.items() if name not in texts}
    result = tr.get(key, locale, **sentinels, **numbers)
    for name, value in texts.items():
        result = result.replace(sentinels[name], value)
    return result
