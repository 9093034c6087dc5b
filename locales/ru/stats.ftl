stats-choose = 📊 Статистика какого проекта?
stats-view =
    📊 <b>{ $name }</b>

    Статус: { $status }
    Последний heartbeat: { $last_beat }

    Доступность: 24 ч — { $uptime_day }, 7 дней — { $uptime_week }
    Heartbeat: 24 ч — { $beats_day }, 7 дней — { $beats_week }
    Ошибки за 24 ч: { $errors_day }
    Ошибки за 7 дней: { $errors_week }
stats-top =
    Частые ошибки за { $period }:
    { $top }
stats-period-day = 24 ч
stats-period-week = 7 дней
stats-chart-caption = 📊 <b>{ $name }</b>: { $period }
stats-chart-title-day = Ошибки по часам за последние 24 часа (UTC)
stats-chart-title-week = Ошибки по шестичасовым интервалам за последние 7 дней (UTC)
stats-chart-errors = Ошибки
stats-chart-no-errors = Ошибок нет
stats-chart-uptime = Доступность
stats-chart-up = работает
stats-chart-down = не отвечает
stats-chart-unmonitored = не наблюдается (новый или на паузе)
