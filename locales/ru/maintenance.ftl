# Окна обслуживания: сбои и упавшие запуски в это время не оповещаются
# (services/accounts/maintenance.py, cli/maintenance.py, api/maintenance.py, бот).

maintenance-on-until = 🔧 Обслуживание до { $until }
maintenance-on-open = 🔧 Обслуживание, пока его не завершат
maintenance-by = — { $who }
maintenance-by-deploy-script = — скрипт деплоя
maintenance-weekly-line = { $days } в { $at } на { $length } ({ $tz })

# Кнопки под оповещением о сбое (с именем проекта: оповещения могут делить сообщение)
alert-button-maintenance-hour = 🔧 1 ч: { $project }
alert-button-maintenance-open = 🔧 пока не завершу: { $project }
alert-button-maintenance-end = 🔧 Завершить обслуживание: { $project }

# Карточка проекта, его настройки и /stats
btn-maintenance-hour = 🔧 1 ч
btn-maintenance-open = 🔧 пока не завершу
btn-maintenance-end = Завершить обслуживание
btn-maintenance-settings = 🔧 Обслуживание
btn-maintenance-add-weekly = ➕ Еженедельное окно
btn-maintenance-errors-alert = 🔔 Ошибки оповещаются во время обслуживания
btn-maintenance-errors-quiet = 🔕 Ошибки молчат во время обслуживания
maintenance-settings =
    🔧 <b>Обслуживание { $name }</b>
    Во время окна сбои и упавшие запуски не оповещаются; если проект всё ещё лежит, когда окно кончается, оповещение приходит тогда. Ошибки сохраняются и считаются; { $errors }.
    Еженедельные окна (нажмите, чтобы удалить):
maintenance-errors-alert = оповещения о них приходят как обычно
maintenance-errors-quiet = оповещений о них нет
maintenance-no-weekly = пока нет
settings-maintenance-weekly =
    Напишите дни, время начала и длительность еженедельного окна, в вашем часовом поясе ({ $tz }):
    <code>mon-fri 02:00 2h</code>, <code>sat 23:30 4h</code>, <code>daily 03:00 30m</code>
stats-maintenance = 🔧 Идёт обслуживание: в аптайм оно не входит.

# Командная строка
cli-maintenance-started = Проект «{ $name }» на обслуживании до { $until } (UTC): его сбои и упавшие запуски в это время не оповещаются.
cli-maintenance-ended = Обслуживание «{ $name }» завершено. Если проект всё ещё лежит, оповещение уходит сейчас.
cli-maintenance-none = Проект «{ $name }» не на обслуживании.
cli-maintenance-on = Проект «{ $name }» на обслуживании до { $until } (UTC).
cli-maintenance-on-open = Проект «{ $name }» на обслуживании, пока его не завершат.
cli-maintenance-weekly-added = Еженедельное окно { $id } добавлено проекту «{ $name }».
cli-maintenance-weekly-line = еженедельное окно { $id }: { $days } в { $at } на { $minutes } мин ({ $tz })
cli-maintenance-weekly-removed = Еженедельное окно { $id } проекта «{ $name }» удалено.
cli-maintenance-errors-alert = Ошибки «{ $name }» оповещаются и во время обслуживания.
cli-maintenance-errors-quiet = Ошибки «{ $name }» во время обслуживания не оповещаются (но сохраняются и считаются).

# Отказы
error-maintenance-length = Не понимаю длительность. Напишите, например: { -duration-forms }.
error-maintenance-length-range = Обслуживание длится от 1 минуты до 30 дней; еженедельное окно — не больше 7 дней.
error-maintenance-past = Конец обслуживания должен быть в будущем.
error-maintenance-until = Не понимаю время. Пример: 2026-12-31T18:00, или со смещением: 2026-12-31T18:00+03:00.
error-maintenance-days = Не понимаю дни. Примеры: mon,wed,fri; mon-fri; daily; weekdays; weekends.
error-maintenance-time = Не понимаю время суток. Пример: 02:00.
error-maintenance-weekly-typed = Напишите три вещи: дни, время начала и длительность, например mon-fri 02:00 2h.
error-maintenance-one-action = Укажите одно из: --for, --until, --end, --weekly, --list, --remove-weekly, --errors.
error-maintenance-weekly-needs = Еженедельному окну нужны --at (начало: 02:00) и --for (длительность: 2h).
error-maintenance-window-unknown = У проекта нет такого еженедельного окна: см. --list.
