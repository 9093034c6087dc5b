menu-admin =
    👋 <b>Error Monitor</b> — you are an admin.

    Add projects, subscribe chats and invite colleagues with the buttons below.
    This chat's ID: <code>{ $chat_id }</code>
menu-member =
    👋 <b>Error Monitor</b>

    Your projects: subscriptions, statistics and settings.
menu-stranger =
    👋 <b>Error Monitor</b> sends notifications about projects' health.

    You have no access to any project yet.
    Your Telegram ID: <code>{ $user_id }</code>

    Ask an admin for an invite link. If you are setting the bot up, run in the app's folder
    <code>.venv/bin/error-monitor add-admin --telegram-id { $user_id }</code>
menu-stale = ♻️ The bot restarted — here is a fresh menu.
menu-stale-notice = That menu is out of date — opening a fresh one.
menu-joined = 🎉 You now have access to project “{ $joined }”.
error-invite-unknown = ⚠️ This invite link is not valid: there is no such link. Ask for a new one.
error-invite-used = ⚠️ This invite link is not valid: it works once and was used already. Ask for a new one.
error-invite-expired = ⚠️ This invite link is not valid: it has expired. Ask for a new one.
error-invite-cancelled = ⚠️ This invite link is not valid: it was cancelled. Ask for a new one.

btn-add-project = ➕ Add a project
btn-projects = 📋 Projects
btn-subscribe = 🔔 Subscribe
btn-unsubscribe = 🔕 Unsubscribe
btn-stats = 📊 Statistics
btn-language = 🌐 Language
btn-help = ❓ Help

help-text =
    ❓ <b>Commands</b>

    /start — main menu
    /addproject — add a project (admins)
    /listprojects — projects: token, settings, pause, invites
    /subscribe — subscribe this chat to a project's notifications
    /unsubscribe — unsubscribe
    /stats — project statistics
    /language — the bot's language
    /timezone — this chat's time zone (for quiet hours and the digest)
    /statuspage — public status pages of your projects
    /apikeys — keys for the management API (admins)

    Projects send heartbeats and errors to the API; the bot tells you about new errors, silence longer than the timeout, and recovery.
    Under each alert: resolve, mute, ignore, details; under an outage: pause monitoring.
    In a group, send /subscribe there: notifications go to the group (in a forum, to that topic).
language-choose = 🌐 Choose a language / Выберите язык:
timezone-current = 🌍 Time zone of this chat: <b>{ $timezone }</b>
timezone-saved = ✅ Saved. Quiet hours and the daily digest follow this zone.
timezone-ask = Send a new one: a name like Europe/Moscow or Asia/Kolkata, or an offset like +3 or +5:30.
