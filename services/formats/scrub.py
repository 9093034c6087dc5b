"""Secrets and personal data taken out of error reports (and heartbeats' metadata) before they are
stored: stack traces and contexts carry other systems' passwords, tokens, cookies and card
numbers, and everything stored is shown in Telegram chats.

Which keys name a secret (`names_secret`): a key is read as its word parts, split at `_`, `-`,
`.`, blanks and camelCase (`X-Api-Key`, `x_api_key` and `xApiKey` are all x+api+key), and a
configured word (its own parts: `api_key` is api+key) must be whole parts of it:
- anywhere in the singular (`db_password`, `access_token`, `card_number`), as the last part also
  in the plural (`cookies`, `credentials`, `api_keys`: the value is a collection of them), but
  not a plural before another part (`tokens_used`, `sessions_count` describe the last part);
- one part may also be a word written together with another: ending with a word of five or
  more letters (`csrftoken`, `PGPASSWORD`) or a word followed by id, key, hash, no, num, number
  or value (`sessionid`, `secretkey`). Shorter words must stand alone: `discard` is no `card`;
- a key whose last part is error, exception or warning names an error (`CardError`), not a
  secret. So `keyboard`, `monkey`, `tokenizer`, `secretary`, `passwordless` keep their values.

What is scrubbed:
- A value under such a key becomes FILTERED, whatever it is (a string, a number, a whole
  object). Sentry's `[name, value]` pairs (headers, tags) count as keys too.
- In every string (message, stack trace, context values), such a key followed by `=`, `:`,
  `=>` or `:=` loses its whole value: a quoted one up to its closing quote on that line (quotes
  kept, escapes honoured, JSON and reprs written as text included), a bracketed one with its
  brackets, an unquoted one up to a blank, `&`, or a `;`, `,`, quote or closing bracket that ends
  it; a Bearer/Basic/Digest/Token scheme word is kept. A `Key: value` line (a header pasted into
  a message) loses the rest of its line. An unterminated quote takes the rest of its line, at
  most MAX_UNTERMINATED characters.
- Passwords in URLs (`scheme://user:password@host`; the user is kept) and card numbers.
Not scrubbed: a secret with no key before it (a bare token in prose, `--password hunter2`),
a key that is a path (`/app/session.js:10`), keys in other forms (`<password>x</password>`)."""

import functools
import re
from collections.abc import Iterable
from typing import Any

from services.core.settings import Settings
from services.formats.reports import ErrorDetails, HeartbeatReport

FILTERED = "[Filtered]"
MAX_REMEMBERED_KEY = 64
# A storm of one error repeats its stack trace and often its message word for word: texts up to
# this long are remembered with their scrubbed form. REMEMBERED_TEXTS of them hold at most 16 MB
# (4-byte characters, text and scrubbed text), a few MB for the usual ASCII.
MAX_REMEMBERED_TEXT = 4096
REMEMBERED_TEXTS = 512
# 13-19 digits, in one run or in the groups cards are printed in (4-4-4-4[-3], Amex 4-6-5),
# not inside a word. It starts with the first digit (and looks behind it) rather than with the
# look-behind: the regex engine then skips to digits instead of trying every character.
CARD_LIKE = re.compile(
    r"\d(?<!\w\d)(?:\d{12,18}"
    r"|\d{3}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?"
    r"|\d{3}([ -])\d{6}\2\d{4,5})(?!\w)"
)
# Card numbers start with 2-6 (Mastercard, Amex, Visa, Mastercard, Discover); millisecond
# timestamps and most numeric ids start with 1, and must not be masked.
CARD_FIRST_DIGITS = frozenset("23456")
# Every card pattern starts with four digits in a row: ASCII text without them has no card.
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")

# A key's word parts: ALLCAPS runs (`XML` of XMLHttp), Capitalised or lower words, digit runs,
# and runs of other scripts' letters; everything else (`_ - .`, blanks, quotes) separates them.
KEY_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_A-Za-z]+")
PLURAL_ENDINGS = ("s", "es")
MIN_SUFFIX_WORD = 5
KEY_TAILS = frozenset({"id", "key", "hash", "no", "num", "number", "value"})
ERROR_HEADS = frozenset({"error", "errors", "exception", "warning"})

# Keys in text are found from the configured words they contain (a text without any needs no
# more work), then read around the word: backwards in the last KEY_WINDOW characters (a key
# longer than that is taken as naming a secret: over-redacting is the safe side) and forwards.
KEY_CHARS = re.compile(r"[\w.-]*+")
KEY_WINDOW = 128
INDENT_WINDOW = 64
# What ends a key and starts its value; `==` is a comparison, `::` a path, `://` a URL.
SEPARATOR = re.compile(r"(?P<quote>\\?[\"'])?[ \t]*(?P<sep>=>|:=|=(?!=)|:(?![:/]))[ \t]*")
MAX_UNTERMINATED = 1024
_SCHEME = r"(?P<scheme>(?i:bearer|basic|digest|token|negotiate)[ \t]+)?"
_STOPS = r"\s&;,)\]}>\"'`"
# Each alternative either ends at a character it cannot hold or stops at the next one of its
# own kind (a quote at the next quote, a bracket at the next opening or closing one): a
# failed try reads at most up to where the next try of its kind begins, so a hostile text is
# read a bounded number of times. Possessive: nothing is read twice within a try.
VALUE = re.compile(
    _SCHEME + r"(?:"
    r"\"(?P<double>(?:[^\"\\\n]|\\.)*+)\""
    r"|'(?P<single>(?:[^'\\\n]|\\.)*+)'"
    r"|`(?P<back>[^`\n]*+)`"
    r"|\\\"(?P<escaped>(?:[^\"\\\n]|\\[^\"\n])*+)\\\""
    r"|[\"'`](?P<open>[^\n]{0," + str(MAX_UNTERMINATED) + r"}+)"
    r"|\([^()\n]*+\)|\[[^\[\]\n]*+\]|\{[^{}\n]*+\}|<[^<>\n]*+>"
    r"|(?:[^" + _STOPS + r"]|[;,)\]}>\"'`](?=[^" + _STOPS + r"]))++"
    r")"
)
QUOTED = ("double", "single", "back", "escaped", "open")
HEADER_VALUE = re.compile(_SCHEME + r"[^\r\n]++")
# scheme://user:password@host. The password ends at the last `@` before the path (`p@ss`), or,
# with no such `@`, at the first one: then it may hold `/`, `?`, `#` (generated ones do), unless
# what follows the colon is a port (`host:8080/path?to=a@b`). At most 256 characters are read
# per attempt: a hostile text of `://a:` costs linear time.
URL_CREDENTIALS = re.compile(
    r"(://[^\s:/?#@\"'<>\\]*+:)"
    r"(?:[^\s/?#\"'<>\\]{1,256}|(?!\d{1,5}+(?:[/?#\s\"'<>]|$))[^\s\"'<>\\@]{1,256}+)@"
)


class Scrubber:
    def __init__(self, keys: Iterable[str]) -> None:
        words = {_parts(key) for key in keys}
        self._words = sorted(word for word in words if word)
        # A key holding a word holds each of its parts; the longest is looked for in texts.
        # A key can name a word only if it holds the word's longest part: most keys are
        # answered by a few `in` tests, a hostile megabyte-long one without being split.
        self._word_needles = [(word, max(word, key=len)) for word in self._words]
        needles = {needle for _, needle in self._word_needles}
        self._needles = sorted(n for n in needles if not any(o in n for o in needles - {n}))
        # Keys repeat from event to event (`filename`, `function`, headers): the answers are
        # remembered.
        self._remembered = functools.lru_cache(maxsize=4096)(self._names_secret)
        self._remembered_text = functools.lru_cache(maxsize=REMEMBERED_TEXTS)(self._text)

    def error(self, details: ErrorDetails) -> ErrorDetails:
        """The report with its message, stack trace and context scrubbed."""
        return details.model_copy(
            update={
                "message": self.text(details.message),
                "stack_trace": self.text(details.stack_trace) if details.stack_trace else None,
                "context": self.value(details.context) if details.context else details.context,
            }
        )

    def value(self, data: Any) -> Any:
        """Any JSON value, scrubbed; the input is left as it was."""
        if isinstance(data, dict):
            return {key: self._entry(key, value) for key, value in data.items()}
        if isinstance(data, list):
            return [self._pair(item) if _is_pair(item) else self.value(item) for item in data]
        if isinstance(data, str):
            return self.text(data)
        return data

    def text(self, text: str) -> str:
        if len(text) <= MAX_REMEMBERED_TEXT:
            return self._remembered_text(text)
        return self._text(text)

    def sensitive(self, key: object) -> bool:
        """Whether the key names a secret (the module's docstring says when)."""
        name = str(key)
        # Only short keys are remembered: a hostile `word=` can be 256 KB long.
        if len(name) <= MAX_REMEMBERED_KEY:
            return self._remembered(name)
        return self._names_secret(name)

    def _names_secret(self, key: str) -> bool:
        lowered = _lowered(key)
        candidates = [word for word, needle in self._word_needles if needle in lowered]
        if not candidates:
            return False
        parts = _parts(key)
        if len(parts) > 1 and parts[-1] in ERROR_HEADS:
            return False
        return any(_names(word, parts) for word in candidates)

    def _text(self, text: str) -> str:
        lowered = _lowered(text)
        if any(needle in lowered for needle in self._needles):
            text = self._key_values(text, lowered)
        if "://" in text:
            text = URL_CREDENTIALS.sub(_url_credentials, text)
        return CARD_LIKE.sub(_card, text) if _may_hold_card(text) else text

    def _key_values(self, text: str, lowered: str) -> str:
        """The text with the value of every key that names a secret filtered."""
        pieces: list[str] = []
        cursor = 0
        for end, separator in self._keys(text, lowered):
            start, cut = _key_start(text, end)
            if start < cursor:
                continue  # inside a value already filtered
            value = self._secret_value(text, start, separator, cut)
            if value is not None:
                pieces += [text[cursor : value[0]], FILTERED]
                cursor = value[1]
        return "".join([*pieces, text[cursor:]])

    def _keys(self, text: str, lowered: str) -> list[tuple[int, re.Match[str]]]:
        """Where each word of key characters that holds a needle and is followed by a
        separator ends, with the separator, in order; each word is read once per needle
        however often it holds it."""
        found: dict[int, re.Match[str]] = {}
        for needle in self._needles:
            at = lowered.find(needle)
            while at >= 0:
                key = KEY_CHARS.match(text, at)
                assert key is not None  # `*+` matches anywhere, if only the empty string
                end = key.end()
                separator = SEPARATOR.match(text, end)
                if separator is not None:
                    found[end] = separator
                at = lowered.find(needle, max(end, at + 1))
        return sorted(found.items())

    def _secret_value(
        self, text: str, start: int, separator: re.Match[str], cut: bool
    ) -> tuple[int, int] | None:
        """Where the value after `separator` is, if the key before it names a secret."""
        if start and text[start - 1] in "/\\":
            return None  # a file's path (`/app/session.js:10:5`), not a key
        if not (cut or self.sensitive(text[start : separator.start()])):
            return None
        header = separator["sep"] == ":" and not separator["quote"] and _starts_line(text, start)
        value = (HEADER_VALUE if header else VALUE).match(text, separator.end())
        if value is None:
            return None
        quoted = next((name for name in QUOTED if value.groupdict().get(name) is not None), None)
        if quoted:
            return value.start(quoted), value.end(quoted)
        return (value.end("scheme") if value["scheme"] else value.start()), value.end()

    def _entry(self, key: str, value: Any) -> Any:
        return FILTERED if self.sensitive(key) else self.value(value)

    def _pair(self, pair: list[Any]) -> list[Any]:
        name, value = pair
        return [name, FILTERED if self.sensitive(name) else self.value(value)]


def _parts(key: str) -> tuple[str, ...]:
    return tuple(part.lower() for part in KEY_PART.findall(key))


def _names(word: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Whether the key's parts hold the word's (the module's docstring gives the rule)."""
    joined, last = "".join(word), len(key) - 1
    for at, part in enumerate(key):
        if _is(part, joined, at == last) or _compound(part, joined):
            return True
        end = at + len(word) - 1
        if 0 < end - at and end <= last and key[at:end] == word[:-1]:
            if _is(key[end], word[-1], end == last):
                return True
    return False


def _is(part: str, word: str, last: bool) -> bool:
    return part == word or (last and any(part == word + s for s in PLURAL_ENDINGS))


def _compound(part: str, word: str) -> bool:
    if len(part) <= len(word):
        return False
    if len(word) >= MIN_SUFFIX_WORD and part.endswith(word):
        return True
    return part.startswith(word) and part[len(word) :] in KEY_TAILS


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # only `İ` lowers to two characters: keep positions
        lowered = text.replace("\u0130", "I").lower()
    return lowered


def _key_start(text: str, end: int) -> tuple[int, bool]:
    """Where the word of key characters ending at `end` starts, and whether it may go on
    before the window read backwards."""
    backwards = text[max(0, end - KEY_WINDOW) : end][::-1]
    key = KEY_CHARS.match(backwards)
    assert key is not None  # `*+` matches anywhere, if only the empty string
    length = key.end()
    start = end - length
    return start, length == KEY_WINDOW and start > 0


def _starts_line(text: str, start: int) -> bool:
    """Whether only blanks stand between the line's start (or the text's) and `start`."""
    before = text[max(0, start - INDENT_WINDOW) : start]
    indented = before.rstrip(" \t")
    if indented[-1:] in (">", "<"):  # curl -v: `> Cookie: …` sent, `< Set-Cookie: …` received
        indented = indented[:-1].rstrip(" \t")
    if indented:
        return indented[-1] in "\r\n"
    return start == len(before)


def _url_credentials(match: re.Match[str]) -> str:
    return f"{match.group(1)}{FILTERED}@"


def _may_hold_card(text: str) -> bool:
    if not text.isascii():
        return True  # `\\d` also takes other scripts' digits
    return b"0000" in text.encode().translate(_DIGITS_AS_ZEROS)


def _is_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(0))
    if digits[0] in CARD_FIRST_DIGITS and passes_luhn(digits):
        return FILTERED
    return match.group(0)


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


@functools.lru_cache(maxsize=4)
def scrubber(keys: tuple[str, ...]) -> Scrubber:
    return Scrubber(keys)


def scrub_error(details: ErrorDetails, settings: Settings) -> ErrorDetails:
    """As configured: SCRUB_ENABLED (on by default) and SCRUB_KEYS."""
    if not settings.scrub_enabled:
        return details
    return scrubber(tuple(settings.scrub_keys)).error(details)


def scrub_heartbeat(report: HeartbeatReport, settings: Settings) -> HeartbeatReport:
    """The heartbeat with its metadata scrubbed like an error's context: it is stored and shown
    in the 'project is up' notification."""
    if not (settings.scrub_enabled and report.metadata):
        return report
    return report.model_copy(
        update={"metadata": scrubber(tuple(settings.scrub_keys)).value(report.metadata)}
    )


def scrub_text(text: str, settings: Settings) -> str:
    return scrubber(tuple(settings.scrub_keys)).text(text) if settings.scrub_enabled else text


# What is kept of a text a job sends (a ping's log, a log line, an Uptime Kuma message).
JOB_TEXT_LIMIT = 10 * 1024


def job_text(text: str, settings: Settings) -> str:
    """A job's text as it is kept: clipped, without NUL characters (PostgreSQL refuses them),
    and scrubbed, as a job's output may print secrets. The one rule of every door that takes
    one (api/ping.py, api/kuma.py)."""
    return scrub_text(text[:JOB_TEXT_LIMIT].replace("\x00", ""), settings)
