"""Import aiogram without building all of its pydantic models up front. Import this module
before anything else imports aiogram (main.py and the tests do).

aiogram declares its ~600 Telegram types with pydantic's `defer_build`, then calls
`model_rebuild()` on every one of them at import, which builds them all anyway: 2 s and about
110 MB that stay resident (most of the app's memory, while the bot uses a few dozen types).
Here that import-time rebuild only records the names the types refer to; each model is then
built on first use, from those names, exactly as the import would have built it. The
pydantic and aiogram versions are pinned in pyproject.toml; tests/bot covers every type the
bot sends or receives, built this way. A pydantic TypeAdapter over aiogram types (such as
aiogram.utils.chat_member's) does not get the recorded names and fails: the bot uses none."""

from typing import Any

from pydantic import BaseModel

_pydantic_rebuild = BaseModel.__dict__["model_rebuild"]
_build_now = _pydantic_rebuild.__func__
_aiogram_names: dict[str, Any] = {}
_built_replies: list[type[BaseModel]] = []


def _record_names(cls: type[BaseModel], **options: Any) -> bool | None:
    names = options.get("_types_namespace")
    if names is not None and cls.__module__.startswith("aiogram."):
        _aiogram_names.update(names)
        return None  # built on first use (pydantic's defer_build)
    return _build_now(cls, **options)


def _build_with_names(cls: type[BaseModel], **options: Any) -> bool | None:
    options["_types_namespace"] = options.get("_types_namespace") or _aiogram_names
    return _build_now(cls, **options)


BaseModel.model_rebuild = classmethod(_record_names)  # type: ignore[assignment]  # patched on purpose: see the docstring
try:
    from aiogram.methods.base import Response, TelegramMethod
    from aiogram.types.base import TelegramObject
finally:
    BaseModel.model_rebuild = _pydantic_rebuild  # type: ignore[method-assign]  # pydantic's own again, for every other model
# Every aiogram model that refers to Telegram types: the types, the methods, and the replies
# (`Response[Message]`, parametrised when a method is first called).
for _model in (TelegramObject, TelegramMethod, Response):
    _model.model_rebuild = classmethod(_build_with_names)  # type: ignore[assignment]  # patched on purpose: see the docstring


def build_common_types() -> None:
    """Build now what every running bot uses at once (updates in, messages out): about a
    second at start-up rather than several stalls of the event loop, mid-traffic, when each is
    first used. Anything else is built on first use."""
    from aiogram.methods import EditMessageText, GetMe, GetUpdates, SendMessage
    from aiogram.types import Update

    Update.model_rebuild()
    for method in (GetMe, GetUpdates, SendMessage, EditMessageText):
        method.model_rebuild()
        # pydantic only keeps weak references to `Response[X]` classes: held here, or the next
        # full garbage collection drops them and the first use builds them again.
        _built_replies.append(Response[method.__returning__])  # type: ignore[name-defined]  # mypy reads X[...] as a type; pydantic parametrises here at run time
        _built_replies[-1].model_rebuild()
