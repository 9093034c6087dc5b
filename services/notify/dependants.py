"""The dependants an outage silenced, on the parent's incident alert: "also silent: B, C".
Their own outages are held (services/monitors/holds.py), so this line is all a chat hears of
them while the parent is down. A chat learns only the names of projects it hears about
(Notifier.heard_in): the parent's alert must not tell a chat what it may not see."""

from collections.abc import Awaitable, Callable

from services.monitors.holds import silent_dependants
from services.text import render
from services.text.i18n import Translator, translate

HeardIn = Callable[[int], Awaitable[set[int]]]  # project id -> the chats that hear about it
# The line fits in the room alerts keep for their footer (notifier.FOOTER_ROOM) beside the
# "silent for …" line: at most this many names of at most this length, then "and N more".
NAME_ROOM = 40
MOST_NAMES = 6


async def also_silent(
    tr: Translator, locale: str, project_id: int, chat_id: int, heard_in: HeardIn
) -> str:
    """The line for the parent's alert in this chat, or "" when no dependant it hears about
    is held."""
    names = [
        render.escape(dependant.name, NAME_ROOM)
        for dependant in await silent_dependants(project_id)
        if chat_id in await heard_in(dependant.id)
    ]
    if not names:
        return ""
    listed = ", ".join(names[:MOST_NAMES])
    more = len(names) - MOST_NAMES
    if more > 0:
        return translate(tr, "alert-also-silent-more", locale, names=listed, more=more)
    return translate(tr, "alert-also-silent", locale, names=listed)
