# Acknowledgement ("👀 I'm on it") and escalation: the button, the footer it adds, the
# letter a step of the chain sends, the chain in the project's settings and in the shell.

alert-button-ack = 👀 I'm on it
alert-acked = 👀 { $who } is on it since { $time }
alert-answer-acked = 👀 Noted: everyone sees you are on it
alert-answer-taken = Someone is on it already
alert-answer-over = This outage is over: nobody needs to be on it
alert-answer-group-taken = Someone is on it already, or it is over
alert-answer-no-access = You have no access to this project

escalation-head = 🆘 Nobody said "I'm on it" within { $after } of the alert: escalated to this chat

btn-escalation = 🆘 Escalation
btn-escalation-add = ➕ Add a step
btn-escalation-clear = 🗑 Remove all steps
btn-escalation-no-mention = 🚫 Nobody to mention
escalation-title = 🆘 Escalation of <b>{ $name }</b>: while nobody says "👀 I'm on it" about an outage, each step alerts its chat once, in order, until someone does or it recovers.
escalation-empty = No steps yet.
escalation-steps = { $steps }
escalation-step-line = { $number }. After { $after } → chat { $chat }, mention: { $mention }
escalation-ask-after = How long after the alert, if nobody is on it? E.g. 90s, 15m, 1h, 15 min:
escalation-ask-chat = Which chat does this step alert? Send its id: a person who sees this project (their Telegram id), or a group the bot is in (negative, e.g. -1001234567890). A group step reaches its chat only while you see the project.
escalation-ask-mention = Whom to mention there (e.g. @ann @bob)? Or press the button for nobody:

error-escalation-after-invalid = I do not understand that delay. Write it like { -duration-forms }.
error-escalation-after-range = A step comes between 1 minute and 7 days after the alert.
error-escalation-chat-invalid = A chat id is a whole number, negative for a group, e.g. -1001234567890.
error-escalation-chat-stranger = That is not a person who sees this project or a chat that hears it: a step may alert only someone with access to it.
error-escalation-chat-unknown-group = The bot is not in that group (or never heard from it): add the bot to the group first.
error-escalation-mention-too-long = The mention must be at most 256 characters.
error-escalation-too-many = A chain has at most 10 steps: remove them and start again.
error-escalation-clear-alone = --clear removes every step: give it without --after, --chat-id or --mention.
error-escalation-step-incomplete = A step needs both --after (e.g. 15m) and --chat-id.

cli-escalation-cleared = Escalation of "{ $name }": { $count } steps removed.
cli-escalation-none = "{ $name }" has no escalation steps. Add one: { $command } escalation --project "{ $name }" --after 15m --chat-id -1001234567890
cli-escalation-line = { $number }. after { $after } s → chat { $chat_id }, mention: { $mention }
