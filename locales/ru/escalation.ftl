# Подтверждение («👀 Я занимаюсь») и эскалация: кнопка, строка, которую она добавляет,
# письмо шага цепочки, цепочка в настройках проекта и в консоли.

alert-button-ack = 👀 Я занимаюсь
alert-acked = 👀 { $who } занимается этим с { $time }
alert-answer-acked = 👀 Принято: все видят, что вы занимаетесь
alert-answer-taken = Этим уже кто-то занимается
alert-answer-over = Этот сбой уже закончился: заниматься им не нужно
alert-answer-group-taken = Этим уже кто-то занимается, или всё уже закончилось
alert-answer-no-access = У вас нет доступа к этому проекту

escalation-head = 🆘 Никто не нажал «Я занимаюсь» за { $after } после оповещения: эскалация в этот чат

btn-escalation = 🆘 Эскалация
btn-escalation-add = ➕ Добавить шаг
btn-escalation-clear = 🗑 Удалить все шаги
btn-escalation-no-mention = 🚫 Никого не упоминать
escalation-title = 🆘 Эскалация проекта <b>{ $name }</b>: пока никто не нажал «👀 Я занимаюсь» под оповещением о сбое, каждый шаг по порядку один раз оповещает свой чат — пока кто-нибудь не отзовётся или проект не восстановится.
escalation-empty = Шагов пока нет.
escalation-steps = { $steps }
escalation-step-line = { $number }. Через { $after } → чат { $chat }, упомянуть: { $mention }
escalation-ask-after = Через сколько после оповещения, если никто не занимается? Например: 90 сек, 15 мин, 1 ч:
escalation-ask-chat = Какой чат оповестить на этом шаге? Пришлите его id: человека, который видит этот проект (его id в Telegram), или группы, в которой состоит бот (отрицательный, например -1001234567890). Шаг с группой доходит до неё, только пока у вас есть доступ к проекту.
escalation-ask-mention = Кого там упомянуть (например, @ann @bob)? Или нажмите кнопку — никого:

error-escalation-after-invalid = Не понимаю эту задержку. Напишите, например: { -duration-forms }.
error-escalation-after-range = Шаг наступает не раньше чем через 1 минуту и не позже чем через 7 дней после оповещения.
error-escalation-chat-invalid = Id чата — целое число, у групп отрицательное, например -1001234567890.
error-escalation-chat-stranger = Это не человек с доступом к проекту и не чат, подписанный на него: шаг может оповещать только тех, кто видит проект.
error-escalation-chat-unknown-group = Бота нет в этой группе (или он о ней не знает): сначала добавьте бота в группу.
error-escalation-mention-too-long = Упоминание — не длиннее 256 символов.
error-escalation-too-many = В цепочке не больше 10 шагов: удалите их и начните заново.
error-escalation-clear-alone = --clear удаляет все шаги: укажите его без --after, --chat-id и --mention.
error-escalation-step-incomplete = Для шага нужны и --after (например, 15m), и --chat-id.

cli-escalation-cleared = Эскалация проекта «{ $name }»: удалено шагов: { $count }.
cli-escalation-none = У проекта «{ $name }» нет шагов эскалации. Добавить: { $command } escalation --project "{ $name }" --after 15m --chat-id -1001234567890
cli-escalation-line = { $number }. через { $after } с → чат { $chat_id }, упомянуть: { $mention }
