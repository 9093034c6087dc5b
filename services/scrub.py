"""Secrets and personal data taken out of error reports (and heartbeats' metadata) before they are
stored: stack traces and contexts carry other systems' passwords, tokens, cookies and card
numbers, and everything stored is shown in Telegram chats.

- A value under a key that contains one of the configured words (case-insensitive, `-` read as
  `_`, so `X-Api-Key` matches `api_key`) becomes FILTERED, whatever it is (a string, a number, a
  whole object). Sentry's `[name, value]` pairs (headers, tags) count as keys too.
- In every string (message, stack trace, context values) `word=value` with such a word loses its
  value (query strings, cookies, `key=value` log lines), and card numbers are masked."""

import functools
import re
from collections.abc import Iterable
from typing import Any

from services.reports import ErrorDetails, HeartbeatReport
from services.settings import Settings

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
# Anchored at a word's start: a hostile 256 KB word is then read once, not once per letter.
ASSIGNMENT = re.compile(r"(?<![\w.-])([\w.-]+)(\s*=\s*[\"']?)([^&;,\s\"'()<>\[\]{}]+)")
# ASSIGNMENT's key as it ends a text cut at an `=`, read backwards (so the regex starts at the
# `=` instead of trying every position) in the last KEY_WINDOW characters before the `=`; up
# to MAX_EQUALS_ALONE of them, beyond which the assignment regex reads the whole text.
KEY_BACKWARDS = re.compile(r"\s*([\w.-]+)")
KEY_WINDOW = 128
MAX_EQUALS_ALONE = 32
# Every card pattern starts with four digits in a row: ASCII text without them has no card.
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")


class Scrubber:
    def __init__(self, keys: Iterable[str]) -> None:
        words = sorted({_normalised(key) for key in keys if key.strip()})
        # One pass over a key for all the words; keys repeat from event to event (`filename`,
        # `function`, headers), so the answers are remembered.
        self._words = re.compile("|".join(map(re.escape, words))) if words else None
        self._remembered = functools.lru_cache(maxsize=4096)(self._sensitive)
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

    def _text(self, text: str) -> str:
        if self._may_assign(text):
            text = ASSIGNMENT.sub(self._assignment, text)
        return CARD_LIKE.sub(_card, text) if _may_hold_card(text) else text

    def _may_assign(self, text: str) -> bool:
        """Whether a `key=` with a sensitive key may occur: the key before each `=`, found
        from the `=` backwards, is checked (every event has a few), and only a text with one
        (or with many `=`) is read by the assignment regex."""
        equals = text.count("=")
        if equals == 0:
            return False
        if equals > MAX_EQUALS_ALONE:
            return True
        return any(self._sensitive_before(part) for part in text.split("=")[:-1])

    def _sensitive_before(self, part: str) -> bool:
        backwards = part[-KEY_WINDOW:][::-1]
        cut = len(part) > KEY_WINDOW
        key = KEY_BACKWARDS.match(backwards)
        if key is None:  # no key right before the `=`, unless blanks fill the window
            return cut and not backwards.strip()
        if key.end() == len(backwards) and cut:
            return True  # the key may go on before the window
        return self.sensitive(key.group(1)[::-1])

    def sensitive(self, key: object) -> bool:
        name = str(key)
        # Only short keys are remembered: a hostile `word=` can be 256 KB long.
        return self._remembered(name) if len(name) <= MAX_REMEMBERED_KEY else self._sensitive(name)

    def _sensitive(self, key: object) -> bool:
        return self._words is not None and self._words.search(_normalised(str(key))) is not None

    def _entry(self, key: str, value: Any) -> Any:
        return FILTERED if self.sensitive(key) else self.value(value)

    def _pair(self, pair: list[Any]) -> list[Any]:
        name, value = pair
        return [name, FILTERED if self.sensitive(name) else self.value(value)]

    def _assignment(self, match: re.Match[str]) -> str:
        if not self.sensitive(match.group(1)):
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{FILTERED}"


def _may_hold_card(text: str) -> bool:
    if not text.isascii():
        return True  # `\\d` also takes other scripts' digits
    return b"0000" in text.encode().translate(_DIGITS_AS_ZEROS)


def _normalised(key: str) -> str:
    return key.strip().lower().replace("-", "_")


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
