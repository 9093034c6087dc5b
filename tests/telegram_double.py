"""A strict Telegram Bot API test double that real clients talk to over HTTP.

Start it, point aiogram at it and drive the conversation from the test::

    async with TelegramDouble() as tg:
        tg.add_user(42, first_name="Ann")
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.url)))
        tg.send_text(42, "/start")                  # queued for getUpdates or pushed to a webhook
        [reply] = await tg.wait_for_messages(42, 1)
        assert tg.plain_text(reply) == "Hello, Ann"

It answers like Telegram: the same status codes and description texts, Telegram's HTML parser
(errors with byte offsets), the 4096/1024 length limits counted in UTF-16 code units, inline
keyboard checks, flood limits and long polling. Faults can be injected: failures, stalls,
held answers, outages and a closed port; people can delete the bot's messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, web

__all__ = [
    "ApiError",
    "Call",
    "CallbackAnswer",
    "FakeChat",
    "FakeUser",
    "HtmlParseError",
    "Revision",
    "SentMessage",
    "TelegramDouble",
    "UploadedFile",
    "WebhookDelivery",
    "parse_html",
    "plain_text",
]

T = TypeVar("T")

SUPPORTED_METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "sendDocument",
    "sendPhoto",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "setChatMenuButton",
    "getChatMenuButton",
    "getChat",
    "getChatMember",
)
_CANONICAL_NAMES = {name.lower(): name for name in SUPPORTED_METHODS}
# The methods `fail_next(None, ...)` applies to: the ones that create a message.
MESSAGE_SENDING_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]{10,}")
_INTEGER = re.compile(r"-?\d+")
_BOT_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_/<>])")
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_TRIMMED = " \t\r\n"

_INT_FIELDS = frozenset(
    """
    chat_id message_id message_thread_id reply_to_message_id offset limit timeout
    cache_time max_connections user_id
    """.split()
)
_BOOL_FIELDS = frozenset(
    """
    disable_notification protect_content drop_pending_updates show_alert
    allow_sending_without_reply disable_content_type_detection has_spoiler
    """.split()
)
_JSON_FIELDS = frozenset(
    """
    reply_markup entities caption_entities allowed_updates commands scope menu_button
    reply_parameters link_preview_options
    """.split()
)
_CHAT_ACTIONS = frozenset(
    """
    typing upload_photo record_video upload_video record_voice upload_voice
    upload_document choose_sticker find_location record_video_note upload_video_note
    """.split()
)
_BUTTON_ACTIONS = frozenset(
    """
    callback_data url web_app login_url switch_inline_query
    switch_inline_query_current_chat switch_inline_query_chosen_chat copy_text
    callback_game pay
    """.split()
)
_SCOPE_TYPES = frozenset(
    """
    default all_private_chats all_group_chats all_chat_administrators chat
    chat_administrators chat_member
    """.split()
)
# Not delivered while allowed_updates was never given (or was an empty list).
_DEFAULT_EXCLUDED_UPDATES = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF", b"BM")

# Descriptions Telegram gives; `fail_next` uses them when no description is passed.
_STATUS_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
CONFLICT_OTHER_POLL = _STATUS_DESCRIPTIONS[409]
CONFLICT_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_SET_WEBHOOK = "Conflict: terminated by setWebhook request"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """An error answer: `{"ok": false, "error_code": status, "description": ...}`."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        if self.migrate_to_chat_id is not None:
            body["parameters"] = {"migrate_to_chat_id": self.migrate_to_chat_id}
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


# ---------------------------------------------------------------------------------------------
# Telegram's HTML parse mode (a port of TDLib's parse_html, offsets in UTF-8 bytes)
# ---------------------------------------------------------------------------------------------


class HtmlParseError(ValueError):
    """The text after "Bad Request: can't parse entities: "."""


_HTML_TAGS = frozenset(
    """
    a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote
    """.split()
)
_SIMPLE_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_REFERENCES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACES = frozenset(b" \t\r\n\v\f")
_SPACES_OR_END = _SPACES | {0}
_DIGITS = frozenset(b"0123456789")
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_TOKEN = _LETTERS | _DIGITS | frozenset(b".-")
_LT, _GT, _AMP, _SLASH, _EQ = (ord(c) for c in "<>&/=")
_QUOTES = frozenset(b"'\"")


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    output_start: int


class _HtmlParser:
    """Reads Telegram HTML into plain text and Bot API entities, failing like Telegram."""

    def __init__(self, html: str, *, strict_ampersand: bool) -> None:
        self._src = html.encode("utf-8", "surrogatepass")
        self._strict_ampersand = strict_ampersand
        self._pos = 0
        self._out = bytearray()
        self._utf16 = 0
        self._open: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        while self._pos < len(self._src):
            byte = self._src[self._pos]
            if byte == _AMP:
                self._reference()
            elif byte == _LT:
                self._tag()
            else:
                self._emit_byte(byte)
                self._pos += 1
        if self._open:
            name = self._open[-1].name
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        return self._text(), self._sorted_entities()

    def _at(self, index: int) -> int:
        return self._src[index] if index < len(self._src) else 0

    def _emit_byte(self, byte: int) -> None:
        self._out.append(byte)
        if byte & 0xC0 != 0x80:  # the first byte of a character
            self._utf16 += 2 if byte >= 0xF0 else 1

    def _emit_code_point(self, code: int) -> None:
        self._out += chr(code).encode("utf-8", "surrogatepass")
        self._utf16 += 2 if code > 0xFFFF else 1

    def _text(self) -> str:
        try:
            return self._out.decode("utf-8")
        except UnicodeDecodeError:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            ) from None

    def _sorted_entities(self) -> list[dict[str, Any]]:
        for entity in self._entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return sorted(self._entities, key=lambda entity: (entity["offset"], -entity["length"]))

    # character references ------------------------------------------------------------------

    def _reference(self) -> None:
        decoded = self._decode_reference(self._pos)
        if decoded is None:
            if self._strict_ampersand:
                raise HtmlParseError(f'Unescaped "&" at byte offset {self._pos}, use "&amp;"')
            self._emit_byte(_AMP)
            self._pos += 1
            return
        code, self._pos = decoded
        self._emit_code_point(code)

    def _decode_reference(self, pos: int) -> tuple[int, int] | None:
        """(code point, position after it) for `&lt;`, `&#65;`, `&#x41` and the like."""
        if self._at(pos + 1) == ord("#"):
            code, end = self._numeric_reference(pos)
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return None
        else:
            end = pos + 1
            while self._at(end) in _LETTERS:
                end += 1
            code = _NAMED_REFERENCES.get(bytes(self._src[pos + 1 : end]), 0)
            if code == 0:
                return None
        if self._at(end) == ord(";"):
            end += 1
        return code, end

    def _numeric_reference(self, pos: int) -> tuple[int, int]:
        hexadecimal = self._at(pos + 2) == ord("x")
        digits, base = (_HEX_DIGITS, 16) if hexadecimal else (_DIGITS, 10)
        end = pos + (3 if hexadecimal else 2)
        start = end
        while self._at(end) in digits:
            end += 1
        number = self._src[start:end]
        return (int(number, base) if number else 0), end

    # tags ----------------------------------------------------------------------------------

    def _tag(self) -> None:
        begin = self._pos
        if self._at(begin + 1) == _SLASH:
            self._end_tag(begin)
        else:
            self._start_tag(begin)

    def _start_tag(self, begin: int) -> None:
        i = begin + 1
        while self._at(i) not in _SPACES_OR_END and self._at(i) != _GT:
            i += 1
        if self._at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        name = self._src[begin + 1 : i].lower().decode("utf-8", "replace")
        if name not in _HTML_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {begin}')
        argument, i = self._attributes(name, begin, i)
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self._open.append(_OpenTag(name, argument, self._utf16, len(self._out)))
        self._pos = i + 1

    def _skip_spaces(self, i: int) -> int:
        while self._at(i) in _SPACES:
            i += 1
        return i

    def _attributes(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        """The tag's argument (href, language, ...) and the position of its `>`."""
        argument = ""
        while self._at(i) != _GT:
            i = self._skip_spaces(i)
            if self._at(i) == _GT:
                break
            name_start = i
            while self._at(i) not in _SPACES_OR_END and self._at(i) not in (_EQ, _GT):
                i += 1
            name = bytes(self._src[name_start:i])
            if not name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            i = self._skip_spaces(i)
            if self._at(i) == 0:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if self._at(i) != _EQ:  # a bare attribute such as `expandable`
                argument = _tag_argument(tag, name, "", argument)
                continue
            i = self._skip_spaces(i + 1)
            if self._at(i) == 0:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value, i = self._attribute_value(i)
            if self._at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            argument = _tag_argument(tag, name, value, argument)
        return argument, i

    def _attribute_value(self, i: int) -> tuple[str, int]:
        quote = self._at(i)
        if quote not in _QUOTES:
            start = i
            while self._at(i) in _NAME_TOKEN:
                i += 1
            if self._at(i) not in _SPACES_OR_END and self._at(i) != _GT:
                raise HtmlParseError(f"Unexpected end of name token at byte offset {start}")
            return self._src[start:i].lower().decode("ascii"), i
        value = bytearray()
        i += 1
        while self._at(i) not in (quote, 0):
            decoded = self._decode_reference(i) if self._at(i) == _AMP else None
            if decoded is not None:
                code, i = decoded
                value += chr(code).encode("utf-8", "surrogatepass")
                continue
            value.append(self._at(i))
            i += 1
        if self._at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def _end_tag(self, begin: int) -> None:
        if not self._open:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while self._at(i) not in _SPACES_OR_END and self._at(i) != _GT:
            i += 1
        name = self._src[begin + 2 : i].lower().decode("utf-8", "replace")
        i = self._skip_spaces(i)
        if self._at(i) != _GT:
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        expected = self._open[-1].name
        if name and name != expected:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{expected}>", '
                f'found "</{name}>"'
            )
        tag = self._open.pop()
        if self._utf16 > tag.utf16_offset:
            self._add_entity(tag)
        self._pos = i + 1

    # entities ------------------------------------------------------------------------------

    def _add_entity(self, tag: _OpenTag) -> None:
        entity: dict[str, Any] = {
            "type": _SIMPLE_ENTITIES.get(tag.name, tag.name),
            "offset": tag.utf16_offset,
            "length": self._utf16 - tag.utf16_offset,
        }
        if tag.name == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=_custom_emoji_id(tag.argument))
        elif tag.name == "a":
            url = tag.argument or self._out[tag.output_start :].decode("utf-8", "replace")
            if not url:
                return
            entity.update(type="text_link", url=_checked_link(url))
        elif tag.name == "blockquote" and tag.argument:
            entity["type"] = "expandable_blockquote"
        elif tag.name in ("pre", "code") and self._merge_pre_code(tag, entity):
            return
        elif tag.name == "code" and tag.argument:
            entity["language"] = tag.argument
        self._entities.append(entity)

    def _merge_pre_code(self, tag: _OpenTag, entity: dict[str, Any]) -> bool:
        """`<pre><code class="language-x">` makes one pre entity with a language."""
        last = self._entities[-1] if self._entities else None
        if last is None or (last["offset"], last["length"]) != (
            entity["offset"],
            entity["length"],
        ):
            return False
        if tag.name == "pre" and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
            return True
        if tag.name == "code" and last["type"] == "pre" and tag.argument:
            last["language"] = tag.argument
            return True
        return False


def _tag_argument(tag: str, attribute: bytes, value: str, current: str) -> str:
    if tag == "a" and attribute == b"href":
        return value
    if tag == "code" and attribute == b"class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == b"class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == b"emoji-id":
        return value
    if tag == "blockquote" and attribute == b"expandable":
        return "1"
    return current


def _custom_emoji_id(argument: str) -> str:
    if not argument.isdigit() or int(argument) == 0:
        raise HtmlParseError("Invalid custom emoji identifier specified")
    return argument


def _checked_link(url: str) -> str:
    return url if "://" in url or url.startswith("tg:") else f"http://{url}"


def parse_html(html: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Text and entities as Telegram reads `parse_mode=HTML`; raises HtmlParseError.

    Telegram itself keeps a bare `&` that starts no known reference; with strict_ampersand
    (the default) it is an error, since Telegram's documentation requires `&amp;`.
    """
    return _HtmlParser(html, strict_ampersand=strict_ampersand).parse()


def plain_text(html: str) -> str:
    """What the user sees for an HTML text: tags dropped, references decoded."""
    try:
        return parse_html(html, strict_ampersand=False)[0]
    except HtmlParseError:
        return html


# ---------------------------------------------------------------------------------------------
# Text, keyboards and files
# ---------------------------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram drops leading and trailing whitespace and shifts the entities accordingly."""
    lead = len(text) - len(text.lstrip(_TRIMMED))
    trimmed = text.strip(_TRIMMED)
    end = utf16_length(trimmed)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        stop = min(end, entity["offset"] + entity["length"] - lead)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return trimmed, kept


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = _BOT_COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(match.group())}]


def _validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _validate_reply_keyboard(markup["keyboard"])
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _rows(keyboard: Any, field_name: str, markup_name: str) -> list[list[Any]]:
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request(
            f'can\'t parse inline keyboard button: Field "{field_name}" of the {markup_name} '
            "must be an Array of Arrays"
        )
    return keyboard


def _validate_inline_keyboard(keyboard: Any) -> None:
    for row in _rows(keyboard, "inline_keyboard", "InlineKeyboardMarkup"):
        for button in row:
            _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = _BUTTON_ACTIONS & button.keys()
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: "
            "InlineKeyboardButton must have exactly one of the optional fields"
        )
    if "callback_data" in button:
        _validate_callback_data(button["callback_data"])
    if "url" in button:
        _validate_button_url(button["url"])


def _validate_callback_data(data: Any) -> None:
    if not isinstance(data, str) or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
        raise bad_request("BUTTON_DATA_INVALID")


def _validate_button_url(url: Any) -> None:
    """Telegram refuses URLs it cannot open, localhost among them."""
    parts = urlsplit(url) if isinstance(url, str) else None
    host = (parts.hostname or "") if parts else ""
    valid = parts is not None and (
        parts.scheme == "tg" or (parts.scheme in ("http", "https") and "." in host)
    )
    if not valid:
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _validate_reply_keyboard(keyboard: Any) -> None:
    for row in _rows(keyboard, "keyboard", "ReplyKeyboardMarkup"):
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise bad_request(
                    'can\'t parse keyboard button: Field "text" must be of type String'
                )


def _image_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"GIF") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return 0, 0


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    field: str
    filename: str
    content: bytes
    content_type: str


@dataclass
class Call:
    """One request: canonical method name ("sendMessage"), decoded params, uploads, outcome."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    token: str = ""
    status: int | None = None
    description: str | None = None
    via_webhook_reply: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class FakeUser:
    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeChat:
    id: int
    type: str
    title: str | None = None
    user: FakeUser | None = None
    username: str | None = None
    is_forum: bool = False
    blocked: bool = False
    started: bool = True
    last_message_id: int = 0
    admins: set[int] = field(default_factory=set)
    migrated_to: int | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.username:
                data["username"] = self.user.username
        else:
            data["title"] = self.title
            if self.username:
                data["username"] = self.username
            if self.is_forum:
                data["is_forum"] = True
        return data

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    @property
    def forbidden_description(self) -> str:
        if self.type == "private":
            return "Forbidden: bot was blocked by the user"
        return f"Forbidden: bot was kicked from the {self.type} chat"


@dataclass(frozen=True)
class Revision:
    """A message's content before an edit."""

    text: str | None
    parse_mode: str | None
    visible_text: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None


@dataclass
class SentMessage:
    """A message the bot sent. `text` is what the bot sent (text or caption, markup included)."""

    chat_id: int
    message_id: int
    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    disable_notification: bool
    date: int
    bot: dict[str, Any]
    kind: str = "text"  # "text", "document" or "photo"
    visible_text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    document: bytes | None = None
    filename: str | None = None
    file_id: str | None = None
    message_thread_id: int | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    history: list[Revision] = field(default_factory=list)

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        return (self.reply_markup or {}).get("inline_keyboard", [])

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [button for row in self.inline_keyboard for button in row]

    def callback_data(self) -> list[str]:
        return [button["callback_data"] for button in self.buttons if "callback_data" in button]

    def button_data(self, text: str) -> str:
        """The callback_data of the button labelled `text` (exact match)."""
        for button in self.buttons:
            if button["text"] == text and "callback_data" in button:
                return button["callback_data"]
        labels = [button["text"] for button in self.buttons]
        raise LookupError(f"no callback button {text!r} on message {self.message_id}: {labels}")


@dataclass(frozen=True)
class WebhookDelivery:
    update_id: int
    url: str
    status: int | None  # None when the request failed (refused, timed out)
    error: str | None
    secret_token: str | None


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass
class _Formatted:
    raw: str | None
    parse_mode: str | None
    visible: str
    entities: list[dict[str, Any]]


@dataclass
class _Fault:
    method: str | None
    remaining: int
    status: int = 0
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0
    gate: asyncio.Event | None = None  # a hold: the answer waits until the test sets it

    def matches(self, method: str) -> bool:
        if self.method is None:
            return method in MESSAGE_SENDING_METHODS
        return self.method.lower() == method.lower()


@dataclass
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    conflict: str | None = None


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    token: str
    max_connections: int
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = None


class _SlidingWindow:
    """Timestamps of accepted sends within the last `period` seconds."""

    def __init__(self) -> None:
        self._stamps: deque[float] = deque()

    def wait(self, limit: int, period: float, now: float) -> float:
        while self._stamps and self._stamps[0] <= now - period:
            self._stamps.popleft()
        if len(self._stamps) < limit:
            return 0.0
        return self._stamps[-limit] + period - now

    def add(self, now: float) -> None:
        self._stamps.append(now)


def _take_fault(faults: list[_Fault], method: str) -> _Fault | None:
    for fault in faults:
        if fault.matches(method):
            fault.remaining -= 1
            if fault.remaining <= 0:
                faults.remove(fault)
            return fault
    return None


def _update_type(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


# ---------------------------------------------------------------------------------------------
# Request decoding
# ---------------------------------------------------------------------------------------------


def _canonical(method: str) -> str:
    return _CANONICAL_NAMES.get(method.lower(), method)


def _snake(method: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", method).lower()


async def _read_request(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    params: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method != "POST" or not request.can_read_body:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON encoded request: expected an object")
        params.update(body)
        return params, files
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[key] = _uploaded(key, value)
        else:
            params[key] = value
    return params, files


def _uploaded(key: str, part: web.FileField) -> UploadedFile:
    content = part.file.read()
    content_type = part.content_type
    if content_type in ("", "application/octet-stream"):
        content_type = mimetypes.guess_type(part.filename)[0] or "application/octet-stream"
    return UploadedFile(key, part.filename, content, content_type)


def _normalize(raw: dict[str, Any]) -> dict[str, Any]:
    """Form values are strings: decode the JSON, integer and boolean fields."""
    return {key: _normalize_value(key, value) for key, value in raw.items()}


def _normalize_value(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            what = "reply keyboard markup" if key == "reply_markup" else key
            raise bad_request(f"can't parse {what} JSON object") from None
    if key in _INT_FIELDS and _INTEGER.fullmatch(value):
        return int(value)
    if key in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def _optional_int(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"invalid {name} specified")
    return value


# ---------------------------------------------------------------------------------------------
# The double
# ---------------------------------------------------------------------------------------------


class TelegramDouble:
    """An HTTP server speaking the Telegram Bot API, with users, chats and fault injection."""

    def __init__(
        self,
        *,
        enforce_flood_limits: bool = True,
        per_chat_per_second: int = 1,
        group_per_minute: int = 20,
        global_per_second: int = 30,
        strict_ampersand: bool = True,
        bot_first_name: str = "Error Monitor",
        bot_username: str = "error_monitor_bot",
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 10.0,
        token: str | None = None,
    ) -> None:
        # With `token`, any other token is refused (401), as Telegram refuses a wrong one: the
        # double listens on an ephemeral port that an earlier double may have used, and a bot
        # of another process still polling that port must not take or confirm these updates.
        self.token = token
        self.enforce_flood_limits = enforce_flood_limits
        self.per_chat_per_second = per_chat_per_second
        self.group_per_minute = group_per_minute
        self.global_per_second = global_per_second
        self.strict_ampersand = strict_ampersand
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout

        self.url = ""
        self.port = 0
        self.bot_id = 1  # taken from the token of each authorised request
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.updates: list[dict[str, Any]] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}

        self._pending: list[dict[str, Any]] = []
        self._allowed_updates: frozenset[str] | None = None
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._incoming: dict[tuple[int, int], dict[str, Any]] = {}
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._files: dict[str, tuple[bytes, str, str]] = {}  # file_id -> content, name, mime
        self._update_ids = itertools.count(100_000_001)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_numbers = itertools.count(1)
        self._chat_windows: dict[int, _SlidingWindow] = {}
        self._global_window = _SlidingWindow()
        self._failures: list[_Fault] = []
        self._stalls: list[_Fault] = []
        self._outage: int | None = None
        self._poll: _Poll | None = None
        self._webhook: _Webhook | None = None
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._client: ClientSession | None = None
        self._closing = asyncio.Event()

    # lifecycle -------------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on 127.0.0.1 (a free port); returns the base URL for TelegramAPIServer."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._on_request)
        app.router.add_route("*", "/{tail:.*}", self._on_unknown_path)
        self._closing = asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        self.port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._client = ClientSession()
        return self.url

    async def stop(self) -> None:
        self._closing.set()
        self._end_poll(self._poll, None)
        await self._stop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = self._site = None
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def __aenter__(self) -> TelegramDouble:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # users and chats -------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "Test User",
        language_code: str | None = "en",
        username: str | None = None,
        *,
        started: bool = True,
    ) -> FakeUser:
        """A user and their private chat (chat id == user id).

        With started=False the user never opened the bot: sends answer 403 until they write.
        """
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = FakeUser(user_id, first_name, language_code, username)
        self.users[user_id] = user
        self.chats[user_id] = FakeChat(user_id, "private", user=user, started=started)
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        is_forum: bool = False,
        *,
        username: str | None = None,
        admins: Iterable[int] = (),
    ) -> FakeChat:
        """A group the bot is a member of; ids <= -10**12 or forums are supergroups. `admins`
        are the users getChatMember reports as administrators (the first as the creator)."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        kind = "supergroup" if is_forum or chat_id <= -1_000_000_000_000 else "group"
        chat = FakeChat(
            chat_id, kind, title=title, username=username, is_forum=is_forum, admins=set(admins)
        )
        self.chats[chat_id] = chat
        return chat

    def upgrade_group(self, chat_id: int, supergroup_id: int) -> FakeChat:
        """The group becomes a supergroup with a new id; sends to the old id now answer 400 with
        parameters.migrate_to_chat_id, as Telegram does."""
        old = self._known_chat(chat_id)
        new = self.add_group(supergroup_id, old.title or "", admins=old.admins)
        old.migrated_to = supergroup_id
        return new

    def block(self, chat_id: int, *, notify: bool = True, by: int | None = None) -> None:
        """The user blocks the bot (groups: user `by` kicks it); sends then answer 403.

        Telegram also sends a my_chat_member update (member -> kicked).
        """
        chat = self._known_chat(chat_id)
        chat.blocked = True
        if notify and (chat.user is not None or by is not None):
            self._inject_membership(chat, "member", "kicked", by)

    def unblock(self, chat_id: int, *, notify: bool = True, by: int | None = None) -> None:
        """The user unblocks the bot (groups: user `by` adds it back)."""
        chat = self._known_chat(chat_id)
        chat.blocked = False
        if notify and (chat.user is not None or by is not None):
            self._inject_membership(chat, "kicked", "member", by)

    def delete_for_everyone(self, message: SentMessage) -> None:
        """Someone in the chat deletes the bot's message for everyone (the person in a private
        chat, an administrator in a group). Telegram tells the bot nothing; editing it then
        answers "message to edit not found", as after the bot's own deleteMessage."""
        self._known_chat(message.chat_id)
        message.deleted = True

    # injecting updates -----------------------------------------------------------------------

    def inject(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update (an update_id is assigned); returns it."""
        update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        if self._is_allowed(update):
            self._pending.append(update)
            self._wake_consumers()
        return update

    def send_text(
        self, chat_id: int, text: str, from_user: int | None = None, thread_id: int | None = None
    ) -> dict[str, Any]:
        """The user writes `text` (a `/command` gets its bot_command entity), in a forum topic
        when `thread_id` is given."""
        chat = self._known_chat(chat_id)
        user = self._sender(chat, from_user)
        if chat.blocked:
            raise ValueError(f"the bot is blocked in chat {chat_id}: call unblock() first")
        chat.started = True
        message: dict[str, Any] = {
            "message_id": chat.next_message_id(),
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": int(time.time()),
            "text": text,
        }
        if entities := _command_entities(text):
            message["entities"] = entities
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        self._incoming[(chat.id, message["message_id"])] = message
        return self.inject({"message": message})

    def press_button(
        self, message: SentMessage, callback_data: str, from_user_id: int | None = None
    ) -> dict[str, Any]:
        """The user presses the inline button carrying `callback_data` on `message`."""
        if message.deleted:
            raise ValueError(f"message {message.message_id} was deleted")
        if callback_data not in message.callback_data():
            raise ValueError(
                f"message {message.message_id} has no button with callback_data "
                f"{callback_data!r}; it has {message.callback_data()!r}"
            )
        return self.forge_button_press(message, callback_data, from_user_id)

    def forge_button_press(
        self, message: SentMessage, callback_data: str, from_user_id: int | None = None
    ) -> dict[str, Any]:
        """A callback query carrying any `callback_data` on `message`, as a modified client
        can send: Telegram delivers callback data the bot never put on a button."""
        chat = self._known_chat(message.chat_id)
        user = self._sender(chat, from_user_id)
        query_id = str(next(self._query_ids))
        self._callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": self._message_api(message),
            "chat_instance": str(abs(chat.id) * 7919 % 2**62),
            "data": callback_data,
        }
        return self.inject({"callback_query": query})

    # fault injection -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str | None,
        status: int,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """The next `count` calls of `method` (None: any message-sending method) fail."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._failures.append(_Fault(method, count, status, retry_after, description))

    def stall_next(self, method: str | None, seconds: float, count: int = 1) -> None:
        """Hold the next `count` answers of `method` for `seconds`, then process them normally.

        A send stalled past the client's timeout is still delivered, as on Telegram.
        """
        self._stalls.append(_Fault(method, count, seconds=seconds))

    def hold_next(self, method: str | None, count: int = 1) -> asyncio.Event:
        """Hold the next `count` answers of `method` until the returned event is set (or the
        double stops), then process them normally: a request stays in flight for exactly as
        long as a test needs, with no guessed duration. The call is in `calls` meanwhile."""
        gate = asyncio.Event()
        self._stalls.append(_Fault(method, count, gate=gate))
        return gate

    def set_outage(self, status: int | None) -> None:
        """Every request answers `status` with a proxy's plain-text body (None: back to normal)."""
        self._outage = status

    @contextlib.contextmanager
    def outage(self, status: int = 502) -> Iterator[None]:
        self.set_outage(status)
        try:
            yield
        finally:
            self.set_outage(None)

    async def refuse_connections(self) -> None:
        """Close the listening socket and open connections: clients get connection errors."""
        if self._site is None or self._runner is None:
            return
        await self._site.stop()
        self._site = None
        server = self._runner.server
        for connection in server.connections if server is not None else []:
            connection.force_close()

    async def accept_connections(self) -> None:
        """Listen again on the same port."""
        if self._site is not None or self._runner is None:
            return
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    # inspecting ------------------------------------------------------------------------------

    @property
    def is_polling(self) -> bool:
        """A getUpdates long poll is waiting."""
        return self._poll is not None

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Every message sent to the chat, oldest first (deleted ones too, flagged)."""
        return [message for message in self.sent if message.chat_id == chat_id]

    def plain_text(self, message: SentMessage | str) -> str:
        """What the user sees: HTML tags dropped, references decoded."""
        if isinstance(message, SentMessage):
            return message.visible_text
        return plain_text(message)

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,
        interval: float = 0.01,
    ) -> T:
        """Poll `predicate` until it returns something truthy; TimeoutError at the deadline."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            if loop.time() >= deadline:
                raise TimeoutError(f"condition not met within {timeout}s: {predicate!r}")
            await asyncio.sleep(interval)
        return result

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,
    ) -> list[SentMessage]:
        """Wait until at least `count` messages were sent to the chat; returns them all."""

        def enough() -> list[SentMessage]:
            messages = self.messages_to(chat_id)
            return messages if len(messages) >= count else []

        try:
            return await self.wait_for(enough, timeout)
        except TimeoutError:
            got = [message.visible_text for message in self.messages_to(chat_id)]
            raise TimeoutError(
                f"expected {count} messages to {chat_id} in {timeout}s, got {got}"
            ) from None

    # HTTP ------------------------------------------------------------------------------------

    async def _on_unknown_path(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _on_request(self, request: web.Request) -> web.Response:
        method = _canonical(request.match_info["method"])
        token = request.match_info["token"]
        if self._outage is not None:
            return self._outage_response(Call(method, {}, token=token), self._outage)
        try:
            raw, files = await _read_request(request)
        except (ApiError, ValueError) as error:
            error = error if isinstance(error, ApiError) else bad_request(str(error))
            return web.json_response(error.payload(), status=error.status)
        status, body = await self._execute(Call(method, raw, files, token=token))
        return web.json_response(body, status=status)

    def _outage_response(self, call: Call, status: int) -> web.Response:
        text = f"{status} {_reason(status)}"
        call.status, call.description = status, text
        self.calls.append(call)
        return web.Response(status=status, text=text, content_type="text/plain")

    async def _execute(self, call: Call) -> tuple[int, dict[str, Any]]:
        self.calls.append(call)
        try:
            call.params = _normalize(call.params)
            result = await self._dispatch(call)
        except ApiError as error:
            call.status, call.description = error.status, error.description
            return error.status, error.payload()
        call.status = 200
        return 200, {"ok": True, "result": result}

    async def _dispatch(self, call: Call) -> Any:
        if not _TOKEN.fullmatch(call.token) or self.token not in (None, call.token):
            raise ApiError(401, "Unauthorized")
        self.bot_id = int(call.token.split(":", 1)[0])
        if call.method not in SUPPORTED_METHODS:
            raise ApiError(404, "Not Found")
        stall = _take_fault(self._stalls, call.method)
        if stall is not None and stall.gate is not None:
            await self._hold(stall.gate)
        elif stall is not None:
            await self._pause(stall.seconds)
        failure = _take_fault(self._failures, call.method)
        if failure is not None:
            raise _injected_error(failure)
        handler = getattr(self, f"_api_{_snake(call.method)}")
        return await handler(call)

    async def _hold(self, gate: asyncio.Event) -> None:
        """Wait for the gate, but wake up when the double stops."""
        waits = {asyncio.ensure_future(gate.wait()), asyncio.ensure_future(self._closing.wait())}
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake up when the double stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # methods: bot and updates ----------------------------------------------------------------

    def _bot_user(self, bot_id: int) -> dict[str, Any]:
        return {
            "id": bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    async def _api_get_me(self, call: Call) -> dict[str, Any]:
        return {
            **self._bot_user(self.bot_id),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_get_updates(self, call: Call) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK_ACTIVE)
        params = call.params
        offset = _optional_int(params, "offset", 0)
        limit = min(max(_optional_int(params, "limit", 100), 1), 100)
        timeout = max(_optional_int(params, "timeout", 0), 0)
        self._set_allowed_updates(params.get("allowed_updates"))
        self._confirm(offset)
        poll = _Poll()
        self._end_poll(self._poll, CONFLICT_OTHER_POLL)
        self._poll = poll
        try:
            return await self._long_poll(poll, timeout, limit)
        finally:
            if self._poll is poll:
                self._poll = None

    async def _long_poll(self, poll: _Poll, seconds: float, limit: int) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            if poll.conflict is not None:
                raise ApiError(409, poll.conflict)
            self._drop_disallowed()
            remaining = deadline - loop.time()
            if self._pending or remaining <= 0 or self._closing.is_set():
                return self._pending[:limit]
            poll.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(poll.wake.wait(), remaining)

    def _end_poll(self, poll: _Poll | None, conflict: str | None) -> None:
        if poll is not None:
            poll.conflict = conflict
            poll.wake.set()

    def _confirm(self, offset: int) -> None:
        """getUpdates' offset forgets earlier updates (negative: keep only the last -offset)."""
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def _set_allowed_updates(self, allowed: Any) -> None:
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        self._allowed_updates = frozenset(allowed) or None

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _DEFAULT_EXCLUDED_UPDATES
        return kind in self._allowed_updates

    def _drop_disallowed(self) -> None:
        self._pending = [update for update in self._pending if self._is_allowed(update)]

    def _wake_consumers(self) -> None:
        if self._poll is not None:
            self._poll.wake.set()
        if self._webhook is not None:
            self._webhook.wake.set()

    # methods: webhook ------------------------------------------------------------------------

    async def _api_set_webhook(self, call: Call) -> bool:
        params = call.params
        url = params.get("url") or ""
        if not url:
            await self._stop_webhook()
            return True
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):  # Telegram wants https; tests use http
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if not parts.hostname:
            raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        self._set_allowed_updates(params.get("allowed_updates"))
        if params.get("drop_pending_updates"):
            self._pending.clear()
        await self._stop_webhook()
        self._end_poll(self._poll, CONFLICT_SET_WEBHOOK)
        max_connections = _optional_int(params, "max_connections", 40)
        hook = _Webhook(url, secret, call.token, max_connections)
        hook.task = asyncio.create_task(self._run_webhook(hook))
        self._webhook = hook
        return True

    async def _api_delete_webhook(self, call: Call) -> bool:
        if call.params.get("drop_pending_updates"):
            self._pending.clear()
        await self._stop_webhook()
        return True

    async def _api_get_webhook_info(self, call: Call) -> dict[str, Any]:
        hook = self._webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if hook is not None:
            info.update(max_connections=hook.max_connections, ip_address="127.0.0.1")
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _stop_webhook(self) -> None:
        hook, self._webhook = self._webhook, None
        if hook is None or hook.task is None:
            return
        if hook.task is asyncio.current_task():
            return
        hook.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await hook.task

    async def _run_webhook(self, hook: _Webhook) -> None:
        """Push pending updates to the webhook one by one, retrying failed ones."""
        while self._webhook is hook and not self._closing.is_set():
            self._drop_disallowed()
            if not self._pending:
                hook.wake.clear()
                await hook.wake.wait()
                continue
            update = self._pending[0]
            if await self._deliver(hook, update):
                self._pending = [u for u in self._pending if u is not update]
            else:
                await self._pause(self.webhook_retry_delay)

    async def _deliver(self, hook: _Webhook, update: dict[str, Any]) -> bool:
        assert self._client is not None
        headers = {}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        timeout = ClientTimeout(total=self.webhook_timeout)
        try:
            async with self._client.post(
                hook.url, json=update, headers=headers, timeout=timeout
            ) as response:
                status, reason, body = response.status, response.reason, await response.read()
        except (ClientError, TimeoutError, OSError) as error:
            message = f"Connection failed: {type(error).__name__}: {error}"
            self._record_delivery(hook, update, None, message)
            return False
        if not 200 <= status < 300:
            error = f"Wrong response from the webhook: {status} {reason}"
            self._record_delivery(hook, update, status, error)
            return False
        self._record_delivery(hook, update, status, None)
        await self._run_webhook_reply(hook, body)
        return True

    def _record_delivery(
        self, hook: _Webhook, update: dict[str, Any], status: int | None, error: str | None
    ) -> None:
        delivery = WebhookDelivery(update["update_id"], hook.url, status, error, hook.secret_token)
        self.webhook_deliveries.append(delivery)
        if error is not None:
            hook.last_error_date, hook.last_error_message = int(time.time()), error

    async def _run_webhook_reply(self, hook: _Webhook, body: bytes) -> None:
        """A webhook may answer with a method call, which Telegram then executes."""
        try:
            payload = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if not isinstance(payload, dict) or not isinstance(payload.get("method"), str):
            return
        params = {key: value for key, value in payload.items() if key != "method"}
        call = Call(_canonical(payload["method"]), params, token=hook.token)
        call.via_webhook_reply = True
        await self._execute(call)

    # methods: commands and menu --------------------------------------------------------------

    async def _api_set_my_commands(self, call: Call) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            _validate_command(command)
        key = self._commands_key(call.params)
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _api_get_my_commands(self, call: Call) -> list[dict[str, str]]:
        return self.commands.get(self._commands_key(call.params), [])

    async def _api_delete_my_commands(self, call: Call) -> bool:
        self.commands.pop(self._commands_key(call.params), None)
        return True

    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        """("default" | "chat:<id>" | "chat_member:<chat>:<user>" ..., language_code)."""
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("can't parse BotCommandScope")
        parts = [scope["type"]]
        for name in ("chat_id", "user_id"):
            if name in scope:
                parts.append(str(scope[name]))
        return ":".join(parts), params.get("language_code") or ""

    async def _api_set_chat_menu_button(self, call: Call) -> bool:
        chat_id = call.params.get("chat_id")
        if chat_id is not None:
            chat_id = self._chat_from(call.params).id
        button = call.params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad_request("can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def _api_get_chat_menu_button(self, call: Call) -> dict[str, Any]:
        chat_id = call.params.get("chat_id")
        if chat_id is not None:
            chat_id = self._chat_from(call.params).id
        default = self.menu_buttons.get(None, {"type": "default"})
        return self.menu_buttons.get(chat_id, default)

    # methods: chats --------------------------------------------------------------------------

    async def _api_get_chat(self, call: Call) -> dict[str, Any]:
        chat = self._chat_from(call.params)
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _api_get_chat_member(self, call: Call) -> dict[str, Any]:
        chat = self._chat_from(call.params)
        user_id = _optional_int(call.params, "user_id", 0)
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("PARTICIPANT_ID_INVALID")
        if chat.type == "private":
            status = "member" if chat.id == user_id else "left"
        elif user_id in chat.admins:
            status = "administrator"
        else:
            status = "member"
        return _member_with_rights(status, user.to_api())

    async def _api_send_chat_action(self, call: Call) -> bool:
        self._open_chat(call.params)
        if call.params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _known_chat(self, chat_id: int) -> FakeChat:
        if chat_id not in self.chats:
            raise ValueError(f"unknown chat {chat_id}: add_user()/add_group() first")
        return self.chats[chat_id]

    def _sender(self, chat: FakeChat, user_id: int | None) -> FakeUser:
        if user_id is None:
            if chat.user is None:
                raise ValueError(f"chat {chat.id} is a group: say which user writes")
            return chat.user
        if user_id not in self.users:
            raise ValueError(f"unknown user {user_id}: add_user() first")
        return self.users[user_id]

    def _chat_from(self, params: dict[str, Any]) -> FakeChat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat = self._find_chat(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _find_chat(self, chat_id: int | str) -> FakeChat | None:
        if isinstance(chat_id, int):
            return self.chats.get(chat_id)
        name = chat_id.removeprefix("@").lower()
        for chat in self.chats.values():
            if chat.type != "private" and chat.username and chat.username.lower() == name:
                return chat
        return None

    def _open_chat(self, params: dict[str, Any]) -> FakeChat:
        """The target chat of a send: it must exist and accept messages from the bot."""
        chat = self._chat_from(params)
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=chat.migrated_to,
            )
        if chat.blocked:
            raise ApiError(403, chat.forbidden_description)
        if not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _inject_membership(
        self, chat: FakeChat, old: str, new: str, by: int | None = None
    ) -> None:
        actor = chat.user if by is None else self.users[by]
        assert actor is not None
        bot = self._bot_user(self.bot_id)
        update = {
            "chat": chat.to_api(),
            "from": actor.to_api(),
            "date": int(time.time()),
            "old_chat_member": _chat_member(old, bot),
            "new_chat_member": _chat_member(new, bot),
        }
        self.inject({"my_chat_member": update})

    # methods: sending ------------------------------------------------------------------------

    async def _api_send_message(self, call: Call) -> dict[str, Any]:
        params = call.params
        chat = self._open_chat(params)
        text = self._format(params.get("text"), params, "entities", caption=False)
        markup = _validate_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        self._check_flood(chat)
        message = self._store(call, chat, text, markup, reply_to)
        return self._message_api(message)

    async def _api_send_document(self, call: Call) -> dict[str, Any]:
        return await self._send_file(call, "document")

    async def _api_send_photo(self, call: Call) -> dict[str, Any]:
        return await self._send_file(call, "photo")

    async def _send_file(self, call: Call, kind: str) -> dict[str, Any]:
        params = call.params
        chat = self._open_chat(params)
        file_id, content, filename = self._resolve_file(call, kind)
        caption = self._format(params.get("caption"), params, "caption_entities", caption=True)
        markup = _validate_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        self._check_flood(chat)
        message = self._store(call, chat, caption, markup, reply_to, kind=kind)
        message.document, message.filename, message.file_id = content, filename, file_id
        return self._message_api(message)

    def _resolve_file(self, call: Call, kind: str) -> tuple[str, bytes, str]:
        """(file_id, bytes, filename) of an upload, an `attach://` reference or a file_id."""
        value = call.params.get(kind)
        upload = call.files.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
        if upload is not None:
            return self._store_upload(upload, kind)
        if isinstance(value, str) and value in self._files:
            content, name, _ = self._files[value]
            return value, content, name
        if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
            return self._new_file(b"", value.rsplit("/", 1)[-1] or kind, "")
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _store_upload(self, upload: UploadedFile, kind: str) -> tuple[str, bytes, str]:
        if not upload.content:
            raise bad_request("file must be non-empty")
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo" and not upload.content.startswith(_IMAGE_MAGIC):
            raise bad_request("IMAGE_PROCESS_FAILED")
        return self._new_file(upload.content, upload.filename, upload.content_type)

    def _new_file(self, content: bytes, name: str, mime: str) -> tuple[str, bytes, str]:
        file_id = f"BQACAgIAAxkBAAI{next(self._file_numbers):08d}"
        self._files[file_id] = (content, name, mime)
        return file_id, content, name

    def _format(
        self, raw: Any, params: dict[str, Any], entities_field: str, *, caption: bool
    ) -> _Formatted:
        """Parse a text or caption like Telegram; raises its 400 errors."""
        if raw is not None and not isinstance(raw, str):
            raw = str(raw)
        parse_mode = params.get("parse_mode") or None
        visible, entities = self._parse(raw or "", parse_mode, params.get(entities_field))
        visible, entities = _trim(visible, entities)
        if not visible and not caption:
            raise bad_request("message text is empty")
        limit = CAPTION_LIMIT if caption else TEXT_LIMIT
        if utf16_length(visible) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        return _Formatted(raw, parse_mode, visible, entities)

    def _parse(
        self, text: str, parse_mode: str | None, entities: Any
    ) -> tuple[str, list[dict[str, Any]]]:
        mode = (parse_mode or "").lower()
        if mode == "html":
            try:
                return parse_html(text, strict_ampersand=self.strict_ampersand)
            except HtmlParseError as error:
                raise bad_request(f"can't parse entities: {error}") from None
        if mode not in ("", "markdown", "markdownv2"):
            raise bad_request("unsupported parse_mode")
        if entities is not None and not isinstance(entities, list):
            raise bad_request("can't parse entities JSON object")
        return text, list(entities or [])

    def _reply_target(self, chat: FakeChat, params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id", params.get("reply_to_message_id"))
        if message_id is None:
            return None
        known = (chat.id, message_id) in self._messages or (chat.id, message_id) in self._incoming
        if known:
            return message_id
        if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _check_flood(self, chat: FakeChat) -> None:
        if not self.enforce_flood_limits:
            return
        now = time.monotonic()
        window = self._chat_windows.setdefault(chat.id, _SlidingWindow())
        if chat.id < 0:
            chat_wait = window.wait(self.group_per_minute, 60.0, now)
        else:
            chat_wait = window.wait(self.per_chat_per_second, 1.0, now)
        wait = max(chat_wait, self._global_window.wait(self.global_per_second, 1.0, now))
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        window.add(now)
        self._global_window.add(now)

    def _store(
        self,
        call: Call,
        chat: FakeChat,
        content: _Formatted,
        markup: dict[str, Any] | None,
        reply_to: int | None,
        *,
        kind: str = "text",
    ) -> SentMessage:
        message = SentMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id(),
            text=content.raw,
            parse_mode=content.parse_mode,
            reply_markup=markup,
            disable_notification=bool(call.params.get("disable_notification")),
            date=int(time.time()),
            bot=self._bot_user(self.bot_id),
            kind=kind,
            visible_text=content.visible,
            entities=content.entities,
            message_thread_id=call.params.get("message_thread_id"),
            reply_to_message_id=reply_to,
        )
        self.sent.append(message)
        self._messages[(chat.id, message.message_id)] = message
        return message

    def _message_api(self, message: SentMessage) -> dict[str, Any]:
        """The Message object Telegram returns for a message the bot sent."""
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": message.bot,
            "chat": self.chats[message.chat_id].to_api(),
            "date": message.date,
        }
        text_key, entities_key = ("text", "entities")
        if message.kind != "text":
            text_key, entities_key = ("caption", "caption_entities")
            data[message.kind] = self._file_api(message)
        if message.visible_text:
            data[text_key] = message.visible_text
        if message.entities:
            data[entities_key] = message.entities
        if message.inline_keyboard:
            data["reply_markup"] = {"inline_keyboard": message.inline_keyboard}
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.message_thread_id is not None:
            data["message_thread_id"] = message.message_thread_id
            data["is_topic_message"] = self.chats[message.chat_id].is_forum
        if message.reply_to_message_id is not None:
            data["reply_to_message"] = self._replied_api(message)
        return data

    def _replied_api(self, message: SentMessage) -> dict[str, Any]:
        key = (message.chat_id, message.reply_to_message_id or 0)
        if key in self._incoming:
            return self._incoming[key]
        return self._message_api(self._messages[key])

    def _file_api(self, message: SentMessage) -> Any:
        content = message.document or b""
        file_id = message.file_id or ""
        base = {"file_id": file_id, "file_unique_id": f"AgAD{file_id[-8:]}"}
        if message.kind == "photo":
            width, height = _image_size(content)
            return [{**base, "width": width, "height": height, "file_size": len(content)}]
        _, name, mime = self._files.get(file_id, (b"", message.filename or "", ""))
        document = {**base, "file_name": name, "file_size": len(content)}
        if mime:
            document["mime_type"] = mime
        return document

    # methods: editing ------------------------------------------------------------------------

    async def _api_edit_message_text(self, call: Call) -> dict[str, Any]:
        message = self._editable(call.params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text = self._format(call.params.get("text"), call.params, "entities", caption=False)
        markup = _validate_reply_markup(call.params.get("reply_markup"))
        return self._revise(message, text, markup)

    async def _api_edit_message_caption(self, call: Call) -> dict[str, Any]:
        message = self._editable(call.params)
        if message.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        params = call.params
        caption = self._format(params.get("caption"), params, "caption_entities", caption=True)
        markup = _validate_reply_markup(params.get("reply_markup"))
        return self._revise(message, caption, markup)

    async def _api_edit_message_reply_markup(self, call: Call) -> dict[str, Any]:
        message = self._editable(call.params)
        markup = _validate_reply_markup(call.params.get("reply_markup"))
        current = _Formatted(
            message.text, message.parse_mode, message.visible_text, message.entities
        )
        return self._revise(message, current, markup)

    def _editable(self, params: dict[str, Any]) -> SentMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._open_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        message = self._messages.get((chat.id, message_id))
        if message is None or message.deleted:
            if (chat.id, message_id) in self._incoming:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        if message.reply_markup is not None and "inline_keyboard" not in message.reply_markup:
            # The Bot API: only messages without reply_markup or with an inline keyboard can
            # be edited (a reply keyboard, its removal or force_reply cannot).
            raise bad_request("message can't be edited")
        return message

    def _revise(
        self, message: SentMessage, content: _Formatted, markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        new_keyboard = (markup or {}).get("inline_keyboard", [])
        unchanged = (
            content.visible == message.visible_text
            and content.entities == message.entities
            and new_keyboard == message.inline_keyboard
        )
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        message.history.append(
            Revision(
                message.text,
                message.parse_mode,
                message.visible_text,
                message.entities,
                message.reply_markup,
            )
        )
        message.text, message.parse_mode = content.raw, content.parse_mode
        message.visible_text, message.entities = content.visible, content.entities
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return self._message_api(message)

    async def _api_delete_message(self, call: Call) -> bool:
        chat = self._chat_from(call.params)
        message_id = call.params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        key = (chat.id, message_id)
        message = self._messages.get(key)
        if message is not None and not message.deleted:
            message.deleted = True
            return True
        if self._incoming.pop(key, None) is not None:
            return True
        raise bad_request("message to delete not found")

    async def _api_answer_callback_query(self, call: Call) -> bool:
        params = call.params
        query_id = str(params.get("callback_query_id") or "")
        if self._callback_queries.get(query_id, True):
            raise bad_request(QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        answer = CallbackAnswer(
            query_id,
            text,
            bool(params.get("show_alert")),
            params.get("url"),
            params.get("cache_time"),
        )
        self.callback_answers.append(answer)
        return True


def _validate_command(command: Any) -> None:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def _chat_member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "kicked":
        member["until_date"] = 0
    return member


def _member_with_rights(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member = _chat_member(status, user)
    if status == "administrator":
        rights = (
            "can_manage_chat can_delete_messages can_manage_video_chats "
            "can_restrict_members can_promote_members can_change_info can_invite_users "
            "can_post_stories can_edit_stories can_delete_stories "
            "can_send_welcome_messages"
        ).split()
        member |= {"can_be_edited": False, "is_anonymous": False} | dict.fromkeys(rights, True)
    return member


def _injected_error(fault: _Fault) -> ApiError:
    if fault.status == 429:
        retry_after = fault.retry_after or 1
        description = fault.description or f"Too Many Requests: retry after {retry_after}"
        return ApiError(429, description, retry_after)
    description = fault.description or _STATUS_DESCRIPTIONS.get(
        fault.status, _reason(fault.status)
    )
    return ApiError(fault.status, description, fault.retry_after)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
