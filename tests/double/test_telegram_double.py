"""The Telegram double, driven by the real aiogram Bot over HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import ClientSession, web

from tests.telegram_double import TelegramDouble, parse_html

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
BOT_ID = 123456789
ANN = 42
BOB = 43
GROUP = -100123


@pytest.fixture
async def tg() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble(enforce_flood_limits=False) as double:
        double.add_user(ANN, first_name="Ann", language_code="ru")
        double.add_user(BOB, first_name="Bob", language_code=None, username="bob")
        double.add_group(GROUP, "Ops")
        yield double


def make_bot(url: str, token: str = TOKEN) -> Bot:
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))


@pytest.fixture
async def bot(tg: TelegramDouble) -> AsyncIterator[Bot]:
    bot = make_bot(tg.url)
    yield bot
    await bot.session.close()


def keyboard(*callback_data: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(text=f"b{i}", callback_data=d) for i, d in enumerate(callback_data)
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


# getMe and the HTTP surface ----------------------------------------------------------------


async def test_get_me_answers_the_bot_user(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username) == (BOT_ID, True, "error_monitor_bot")


async def test_a_malformed_token_is_unauthorized(tg: TelegramDouble) -> None:
    bot = make_bot(tg.url, token="123:short")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await bot.get_me()
    finally:
        await bot.session.close()


async def test_a_double_given_its_token_refuses_any_other() -> None:
    """A bot of another process polling this port (a reused one) must not take its updates."""
    async with TelegramDouble(token=TOKEN) as own:
        own.add_user(42)
        own.send_text(42, "/start")
        stranger = make_bot(own.url, token=TOKEN.split(":")[0] + ":another-valid-looking-secret")
        ours = make_bot(own.url)
        try:
            with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
                await stranger.get_updates(offset=10**9)
            assert len(own.pending_updates) == 1  # not confirmed away by the stranger
            assert [u.update_id for u in await ours.get_updates(timeout=0)] == [
                own.pending_updates[0]["update_id"]
            ]
        finally:
            await stranger.session.close()
            await ours.session.close()


async def test_method_names_ignore_case_and_unknown_ones_are_not_found(tg: TelegramDouble) -> None:
    async with ClientSession() as http:
        async with http.get(f"{tg.url}/bot{TOKEN}/GETME") as response:
            assert (response.status, (await response.json())["ok"]) == (200, True)
        async with http.post(f"{tg.url}/bot{TOKEN}/sendCarrierPigeon") as response:
            body = await response.json()

    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert [call.method for call in tg.calls] == ["getMe", "sendCarrierPigeon"]


async def test_json_bodies_are_accepted(tg: TelegramDouble) -> None:
    async with ClientSession() as http:
        payload = {"chat_id": ANN, "text": "hi", "reply_markup": {"inline_keyboard": []}}
        async with http.post(f"{tg.url}/bot{TOKEN}/sendMessage", json=payload) as response:
            body = await response.json()

    assert body["result"]["text"] == "hi"
    assert body["result"]["from"]["id"] == BOT_ID


# sendMessage and Telegram's HTML ------------------------------------------------------------


async def test_html_is_parsed_into_text_and_entities(tg: TelegramDouble, bot: Bot) -> None:
    html = (
        '<b>Error</b> in <code>api</code>: <a href="https://example.com/?a=1&amp;b=2">open</a>\n'
        '<pre><code class="language-python">x &lt; 1</code></pre>'
        "<blockquote expandable>trace</blockquote><tg-spoiler>s</tg-spoiler>"
        '<span class="tg-spoiler">p</span> &#x41;&#66; &quot;q&quot;'
    )

    message = await bot.send_message(ANN, html, parse_mode="HTML")

    assert message.text == 'Error in api: open\nx < 1tracesp AB "q"'
    types = [(e.type, e.offset, e.length) for e in message.entities or []]
    assert types == [
        ("bold", 0, 5),
        ("code", 9, 3),
        ("text_link", 14, 4),
        ("pre", 19, 5),
        ("expandable_blockquote", 24, 5),
        ("spoiler", 29, 1),
        ("spoiler", 30, 1),
    ]
    assert message.entities[2].url == "https://example.com/?a=1&b=2"
    assert message.entities[3].language == "python"
    sent = tg.messages_to(ANN)[0]
    assert sent.text == html
    assert tg.plain_text(sent) == message.text


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("ошибка <br>", 'Unsupported start tag "br" at byte offset 13'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<i>x</b>", 'Unmatched end tag at byte offset 4, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4, use "&amp;"'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0, use "&amp;"'),
    ],
)
async def test_broken_html_is_rejected_like_telegram(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(ANN, html, parse_mode="HTML")

    assert error.value.message == f"Bad Request: can't parse entities: {detail}"


async def test_rejected_messages_are_recorded_as_calls_but_not_sent(
    tg: TelegramDouble, bot: Bot
) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(ANN, "<foo>", parse_mode="HTML")

    assert tg.sent == []
    [call] = tg.calls_to("sendMessage")
    assert (call.status, call.params["chat_id"]) == (400, ANN)


@pytest.mark.parametrize("text", ["", "<b> </b>\n", "   "])
async def test_empty_text_is_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
        await bot.send_message(ANN, text, parse_mode="HTML")


async def test_length_is_counted_in_utf16_after_entity_parsing(bot: Bot) -> None:
    await bot.send_message(ANN, "a" * 4096)
    await bot.send_message(ANN, "&lt;" * 4096, parse_mode="HTML")
    await bot.send_message(ANN, f"<b>{'a' * 4096}</b>", parse_mode="HTML")

    for too_long in ("a" * 4097, "😀" * 2049):
        with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
            await bot.send_message(ANN, too_long)


async def test_leading_and_trailing_whitespace_is_trimmed(bot: Bot) -> None:
    message = await bot.send_message(ANN, "\n <b>hi</b> \n", parse_mode="HTML")

    assert message.text == "hi"
    assert [(e.offset, e.length) for e in message.entities or []] == [(0, 2)]


def test_parse_html_matches_telegram_on_references() -> None:
    assert parse_html("&lt&gt;&amp;&#65;&#x42") == ("<>&AB", [])
    assert parse_html("Tom & Jerry", strict_ampersand=False) == ("Tom & Jerry", [])
    assert parse_html("<b></b>x") == ("x", [])


# chats, blocking, flood limits --------------------------------------------------------------


async def test_unknown_chat_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(999, "hi")


async def test_blocked_user_and_kicked_bot_are_forbidden(tg: TelegramDouble, bot: Bot) -> None:
    tg.block(ANN)
    tg.block(GROUP)

    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(ANN, "hi")
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "hi")
    [update] = tg.pending_updates
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"

    tg.unblock(ANN)
    await bot.send_message(ANN, "welcome back")


async def test_a_user_who_never_started_the_bot_cannot_be_messaged(
    tg: TelegramDouble, bot: Bot
) -> None:
    tg.add_user(77, "Eve", started=False)

    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(77, "hi")
    tg.send_text(77, "/start")
    await bot.send_message(77, "hi")


async def test_private_chats_get_one_message_per_second(tg: TelegramDouble, bot: Bot) -> None:
    tg.enforce_flood_limits = True
    await bot.send_message(ANN, "one")
    await bot.send_message(BOB, "other chat is fine")

    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(ANN, "two")

    assert error.value.retry_after == 1
    assert error.value.message.endswith("Original description: Too Many Requests: retry after 1")
    assert len(tg.messages_to(ANN)) == 1


async def test_groups_get_a_per_minute_limit(tg: TelegramDouble, bot: Bot) -> None:
    tg.enforce_flood_limits = True
    tg.group_per_minute = 3
    for n in range(3):
        await bot.send_message(GROUP, f"alert {n}")

    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(GROUP, "one too many")

    assert 58 <= error.value.retry_after <= 60


async def test_the_global_limit_spans_chats(tg: TelegramDouble, bot: Bot) -> None:
    tg.enforce_flood_limits = True
    tg.global_per_second = 2
    await bot.send_message(ANN, "a")
    await bot.send_message(BOB, "b")

    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(GROUP, "c")


async def test_flood_limits_are_on_by_default() -> None:
    async with TelegramDouble() as tg:
        tg.add_user(ANN)
        bot = make_bot(tg.url)
        try:
            await bot.send_message(ANN, "one")
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(ANN, "two")
        finally:
            await bot.session.close()


# keyboards, edits, callbacks ----------------------------------------------------------------


@pytest.mark.parametrize("data", ["x" * 65, "é" * 33, ""])
async def test_callback_data_must_be_1_to_64_bytes(bot: Bot, data: str) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(ANN, "pick", reply_markup=keyboard(data))


async def test_buttons_need_an_action_and_a_public_url(bot: Bot) -> None:
    no_action = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="x")]])
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(ANN, "pick", reply_markup=no_action)

    local = InlineKeyboardButton(text="open", url="http://localhost:8000/issues/1")
    with pytest.raises(TelegramBadRequest, match="Wrong HTTP URL"):
        await bot.send_message(
            ANN, "pick", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[local]])
        )


async def test_callback_data_with_0x1d_round_trips(tg: TelegramDouble, bot: Bot) -> None:
    data = "aiogd\x1dmain\x1dbtn"
    message = await bot.send_message(ANN, "pick", reply_markup=keyboard(data, "64" * 32))

    assert message.reply_markup.inline_keyboard[0][0].callback_data == data
    sent = tg.messages_to(ANN)[0]
    assert sent.button_data("b0") == data

    update = tg.press_button(sent, data)
    [received] = await bot.get_updates()
    assert received.update_id == update["update_id"]
    assert received.callback_query.data == data
    assert received.callback_query.message.message_id == sent.message_id

    assert await bot.answer_callback_query(received.callback_query.id, text="done")
    assert tg.callback_answers[0].text == "done"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(received.callback_query.id)


async def test_pressing_a_button_that_is_not_there_is_a_test_error(
    tg: TelegramDouble, bot: Bot
) -> None:
    await bot.send_message(ANN, "pick", reply_markup=keyboard("yes"))

    with pytest.raises(ValueError, match="no button"):
        tg.press_button(tg.messages_to(ANN)[0], "no")


async def test_edits_must_change_something(tg: TelegramDouble, bot: Bot) -> None:
    message = await bot.send_message(
        ANN, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard("a")
    )

    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new"):
        await bot.edit_message_text(
            "<b>v1</b>",
            chat_id=ANN,
            message_id=message.message_id,
            parse_mode="HTML",
            reply_markup=keyboard("a"),
        )
    await bot.edit_message_text("v2", chat_id=ANN, message_id=message.message_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("v3", chat_id=ANN, message_id=999)

    sent = tg.messages_to(ANN)[0]
    assert (sent.visible_text, sent.reply_markup) == ("v2", None)
    assert [(r.visible_text, r.reply_markup is not None) for r in sent.history] == [("v1", True)]


async def test_edit_reply_markup_and_delete(tg: TelegramDouble, bot: Bot) -> None:
    message = await bot.send_message(ANN, "pick", reply_markup=keyboard("a"))

    await bot.edit_message_reply_markup(
        chat_id=ANN, message_id=message.message_id, reply_markup=keyboard("b")
    )
    assert tg.messages_to(ANN)[0].callback_data() == ["b"]
    assert await bot.delete_message(ANN, message.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ANN, message.message_id)
    assert tg.messages_to(ANN)[0].deleted


async def test_a_message_someone_deleted_cannot_be_edited_and_the_bot_is_not_told(
    tg: TelegramDouble, bot: Bot
) -> None:
    message = await bot.send_message(ANN, "incident", reply_markup=keyboard("pause"))

    tg.delete_for_everyone(tg.messages_to(ANN)[0])

    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("incident, later", chat_id=ANN, message_id=message.message_id)
    assert tg.messages_to(ANN)[0].deleted
    assert tg.pending_updates == []


async def test_only_messages_without_a_reply_keyboard_can_be_edited(
    tg: TelegramDouble, bot: Bot
) -> None:
    reply_keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="yes")]])
    asking = await bot.send_message(ANN, "sure?", reply_markup=reply_keyboard)
    plain = await bot.send_message(ANN, "plain")

    with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be edited"):
        await bot.edit_message_text("sure!", chat_id=ANN, message_id=asking.message_id)
    await bot.edit_message_text("plain, edited", chat_id=ANN, message_id=plain.message_id)
    assert [m.visible_text for m in tg.messages_to(ANN)] == ["sure?", "plain, edited"]


# files, commands, chats, actions ------------------------------------------------------------


async def test_documents_and_photos_keep_their_bytes(tg: TelegramDouble, bot: Bot) -> None:
    report = BufferedInputFile(b"line 1\nline 2\n", filename="trace.txt")
    message = await bot.send_document(ANN, report, caption="<i>trace</i>", parse_mode="HTML")

    assert message.document.file_name == "trace.txt"
    assert message.caption == "trace"
    sent = tg.messages_to(ANN)[0]
    assert (sent.document, sent.filename, sent.kind) == (
        b"line 1\nline 2\n",
        "trace.txt",
        "document",
    )

    again = await bot.send_document(BOB, message.document.file_id)
    assert tg.messages_to(BOB)[0].document == b"line 1\nline 2\n"
    assert again.document.file_id == message.document.file_id

    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(ANN, BufferedInputFile(b"not an image", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(ANN, report, caption="x" * 1025)


async def test_commands_are_validated_and_kept_per_scope_and_language(
    tg: TelegramDouble, bot: Bot
) -> None:
    commands = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    await bot.set_my_commands(commands, language_code="ru")
    await bot.set_my_commands(commands[:1], scope=BotCommandScopeChat(chat_id=ANN))

    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start", "help"]
    assert await bot.get_my_commands() == []
    assert tg.commands[("chat:42", "")] == [{"command": "start", "description": "Start"}]
    for bad in (
        BotCommand(command="Start", description="x"),
        BotCommand(command="s", description=""),
    ):
        with pytest.raises(TelegramBadRequest, match="BOT_COMMAND"):
            await bot.set_my_commands([bad])


async def test_get_chat_chat_action_and_menu_button(tg: TelegramDouble, bot: Bot) -> None:
    chat = await bot.get_chat(GROUP)
    assert (chat.type, chat.title) == ("group", "Ops")
    assert await bot.send_chat_action(ANN, "typing")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(ANN, "dancing")

    assert await bot.set_chat_menu_button(chat_id=ANN, menu_button=MenuButtonCommands())
    assert tg.menu_buttons[ANN] == {"type": "commands"}


# fault injection ----------------------------------------------------------------------------


async def test_fail_next_injects_server_errors_once(tg: TelegramDouble, bot: Bot) -> None:
    tg.fail_next(None, 502)

    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(ANN, "hi")
    await bot.send_message(ANN, "hi")

    assert len(tg.sent) == 1


async def test_fail_next_429_carries_retry_after(tg: TelegramDouble, bot: Bot) -> None:
    tg.fail_next("sendMessage", 429, retry_after=7)

    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(ANN, "hi")

    assert error.value.retry_after == 7


async def test_a_stalled_send_times_out_but_is_still_delivered(
    tg: TelegramDouble, bot: Bot
) -> None:
    tg.stall_next("sendMessage", 1.5)

    with pytest.raises(TelegramNetworkError, match="Request timeout error"):
        await bot.send_message(ANN, "slow", request_timeout=1)

    [message] = await tg.wait_for_messages(ANN, 1)
    assert message.visible_text == "slow"


async def test_a_held_answer_waits_for_the_test_and_is_then_delivered(
    tg: TelegramDouble, bot: Bot
) -> None:
    release = tg.hold_next("sendMessage")

    sending = asyncio.create_task(bot.send_message(ANN, "held"))
    await tg.wait_for(lambda: tg.calls_to("sendMessage"))
    await bot.send_message(BOB, "not held")  # only the next call of the method waits
    assert not sending.done() and tg.messages_to(ANN) == []
    release.set()

    assert (await sending).text == "held"
    assert [m.visible_text for m in tg.messages_to(ANN)] == ["held"]


async def test_an_outage_answers_like_a_proxy(tg: TelegramDouble, bot: Bot) -> None:
    with tg.outage(502), pytest.raises(ClientDecodeError):
        await bot.send_message(ANN, "hi")

    await bot.send_message(ANN, "hi")
    assert [call.status for call in tg.calls] == [502, 200]


async def test_refused_connections_are_network_errors_until_accepted_again(
    tg: TelegramDouble, bot: Bot
) -> None:
    await bot.get_me()
    port = tg.port

    await tg.refuse_connections()
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()

    await tg.accept_connections()
    assert (await bot.get_me()).id == BOT_ID
    assert tg.port == port


# getUpdates and polling ---------------------------------------------------------------------


async def test_get_updates_confirms_with_offset(tg: TelegramDouble, bot: Bot) -> None:
    first = tg.send_text(ANN, "/start")
    tg.send_text(ANN, "hello")

    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first["update_id"], first["update_id"] + 1]
    message = updates[0].message
    assert (message.text, message.from_user.language_code) == ("/start", "ru")
    assert message.entities[0].type == "bot_command"

    assert await bot.get_updates(offset=updates[-1].update_id + 1) == []
    assert tg.pending_updates == []


async def test_long_poll_returns_when_an_update_arrives(tg: TelegramDouble, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await tg.wait_for(lambda: tg.is_polling)

    tg.send_text(BOB, "ping")
    [update] = await asyncio.wait_for(poll, 5)

    assert update.message.text == "ping"
    assert time.monotonic() - started < 5


async def test_long_poll_answers_within_its_timeout(bot: Bot) -> None:
    started = time.monotonic()

    assert await bot.get_updates(timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 3


async def test_group_messages_name_their_sender(tg: TelegramDouble, bot: Bot) -> None:
    tg.send_text(GROUP, "/status@error_monitor_bot", from_user=BOB)

    [update] = await bot.get_updates()

    message = update.message
    assert (message.chat.type, message.chat.title, message.from_user.username) == (
        "group",
        "Ops",
        "bob",
    )
    assert message.entities[0].length == len("/status@error_monitor_bot")
    reply = await bot.send_message(GROUP, "ok", reply_to_message_id=message.message_id)
    assert reply.reply_to_message.text == "/status@error_monitor_bot"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(GROUP, "ok", reply_to_message_id=999)


async def test_allowed_updates_filter_update_types(tg: TelegramDouble, bot: Bot) -> None:
    tg.send_text(ANN, "dropped")
    await bot.get_updates(allowed_updates=["callback_query"])

    assert tg.pending_updates == []


async def test_a_second_poll_terminates_the_first(tg: TelegramDouble, bot: Bot) -> None:
    other = make_bot(tg.url)
    try:
        first = asyncio.create_task(bot.get_updates(timeout=10))
        await tg.wait_for(lambda: tg.is_polling)
        second = asyncio.create_task(other.get_updates(timeout=10))

        with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
            await asyncio.wait_for(first, 5)
        tg.send_text(ANN, "for the survivor")
        assert len(await asyncio.wait_for(second, 5)) == 1
    finally:
        await other.session.close()


async def test_dispatcher_polling_answers_start(tg: TelegramDouble) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        name = message.from_user.first_name
        await message.answer(
            f"<b>Hello</b>, {name}!", parse_mode="HTML", reply_markup=keyboard("go")
        )

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer(f"pressed {query.data}")
        await query.message.edit_text("done")

    bot = make_bot(tg.url)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=2))
    try:
        tg.send_text(ANN, "/start")
        [reply] = await tg.wait_for_messages(ANN, 1)
        assert tg.plain_text(reply) == "Hello, Ann!"
        assert reply.text == "<b>Hello</b>, Ann!"

        tg.press_button(reply, reply.button_data("b0"))
        await tg.wait_for(lambda: reply.visible_text == "done")
        assert tg.callback_answers[0].text == "pressed go"
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


# webhooks -----------------------------------------------------------------------------------


class Receiver:
    """A minimal web server standing in for the bot's webhook endpoint."""

    def __init__(self, status: int = 200, reply: dict[str, object] | None = None) -> None:
        self.status = status
        self.reply = reply or {}
        self.requests: list[tuple[dict[str, object], str | None]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.requests.append((await request.json(), secret))
        return web.json_response(self.reply, status=self.status)

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


async def test_webhook_receives_updates_with_the_secret(tg: TelegramDouble, bot: Bot) -> None:
    async with Receiver() as receiver:
        tg.send_text(ANN, "queued before")
        await bot.set_webhook(receiver.url, secret_token="s3cr3t", drop_pending_updates=True)
        update = tg.send_text(ANN, "/start")

        await tg.wait_for(lambda: receiver.requests)
        assert receiver.requests == [(update, "s3cr3t")]
        await tg.wait_for(lambda: tg.webhook_deliveries)
        assert tg.webhook_deliveries[0].status == 200

        with pytest.raises(
            TelegramConflictError, match="can't use getUpdates method while webhook"
        ):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == (receiver.url, 0)
        await bot.delete_webhook()


async def test_failed_webhook_deliveries_are_recorded_and_retried(
    tg: TelegramDouble, bot: Bot
) -> None:
    tg.webhook_retry_delay = 0.05
    async with Receiver(status=500) as receiver:
        await bot.set_webhook(receiver.url)
        tg.send_text(ANN, "hi")

        await tg.wait_for(lambda: len(tg.webhook_deliveries) >= 2)
        assert tg.webhook_deliveries[0].status == 500
        info = await bot.get_webhook_info()
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert info.pending_update_count == 1

        receiver.status = 200
        await tg.wait_for(lambda: tg.webhook_deliveries[-1].status == 200)
        await bot.delete_webhook()


async def test_aiogram_webhook_handler_replies_through_the_double(tg: TelegramDouble) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("hi from the webhook")

    bot = make_bot(tg.url)
    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token="s3cr3t").register(app, path="/hook")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        await bot.set_webhook(url, secret_token="s3cr3t")
        tg.send_text(BOB, "/start")

        [reply] = await tg.wait_for_messages(BOB, 1)
        assert reply.visible_text == "hi from the webhook"
    finally:
        await runner.cleanup()
        await bot.session.close()


async def test_a_webhook_reply_can_carry_a_method_call(tg: TelegramDouble, bot: Bot) -> None:
    reply = {"method": "sendMessage", "chat_id": ANN, "text": "<i>pong</i>", "parse_mode": "HTML"}
    async with Receiver(reply=reply) as receiver:
        await bot.set_webhook(receiver.url)
        tg.send_text(ANN, "ping")

        [message] = await tg.wait_for_messages(ANN, 1)
        assert message.visible_text == "pong"
        assert tg.calls_to("sendMessage")[0].via_webhook_reply
        await bot.delete_webhook()
