# Расписания cron (services/monitors/schedule.py): проект ждут в заданное время, в своём часовом
# поясе, с запасом, вместо простого таймаута тишины.

notify-silence-scheduled =
    ❌ Внимание! Проект не отвечает

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    ⚠️ Статус: запуск в { $expected } не отчитался до { $deadline } ({ $tz })
    ⏰ Последняя активность: { $last_seen }

error-schedule-empty = Расписание пустое. Пришлите выражение cron, например 0 3 * * *.
error-schedule-invalid = Не понимаю расписание. Нужны 5 полей cron (минута час день месяц день_недели), например 0 3 * * *, или @hourly, @daily, @weekly, @monthly, @yearly.
error-grace-invalid = Не понимаю запас времени. Напишите, например: { -duration-forms }.
error-grace-range = Запас времени должен быть от 0 до 365 дней.
error-schedule-options = --tz и --grace задаются вместе с --schedule (у простого --timeout нет пояса и запаса).

cli-schedule-set = Проект «{ $name }» ждём по расписанию «{ $schedule }» ({ $tz }), запас { $grace }. Ближайшие запуски: { $runs }.
cli-timeout-set = У проекта «{ $name }» снова простой таймаут тишины: { $timeout }.

# The card's heartbeat rule: the plain timeout (moved here from project-card) or the schedule.
card-timeout = ⏱️ Таймаут тишины: { $timeout }
card-schedule = 🗓 Расписание: <code>{ $schedule }</code> ({ $tz }), запас { $grace }
btn-schedule = 🗓 Расписание
schedule-choose =
    🗓 Когда запускается <b>{ $name }</b>? Сейчас: { $now }.
    Пинги ждём в эти моменты; опоздание больше запаса времени — тревога.
    Выберите или пришлите выражение cron (минута час день месяц день_недели), например <code>15 4 * * 1-5</code>.
schedule-now-timeout = таймаут тишины { $timeout }
schedule-now = <code>{ $schedule }</code> ({ $tz }), запас { $grace }
schedule-hourly = Каждый час
schedule-daily = Ежедневно в 03:00
schedule-weekdays = По будням в 09:00
schedule-weekly = По понедельникам в 09:00
btn-plain-timeout = ⏱️ Вернуть таймаут тишины
schedule-zone =
    🌍 В каком часовом поясе <code>{ $schedule }</code>?
    Пришлите имя IANA, например Europe/Moscow, или смещение вроде +5:30 либо возьмите пояс этого чата.
btn-zone-chat = 📍 { $tz }
schedule-grace =
    ⏳ На сколько запуск может опоздать, прежде чем это тревога? Выберите или пришлите, например, 90 сек, 10 мин, 2 ч.
schedule-confirm =
    🗓 <b>{ $name }</b>: <code>{ $schedule }</code> ({ $tz }), запас { $grace }.

    Ближайшие ожидаемые запуски:
    { $runs }

    Если запуск не отчитался к своему времени плюс запас — тревога.
btn-schedule-save = ✅ Сохранить
settings-timeout-plain = Вернуть простой таймаут тишины: какой (сейчас: { $timeout })? Например 90 сек, 10 мин, 2 ч, 1 д.
