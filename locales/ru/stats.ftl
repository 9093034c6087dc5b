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
stats-checks =
    🌐 Проверки за { $period }:
    { $checks }
stats-check = { $url }: доступность { $uptime } · p50 { $p50 } · p95 { $p95 } · сбоев { $failures } из { $probes }
stats-checks-more = …и ещё { $more }
stats-ms = { $ms } мс
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
stats-chart-response = Ответ, мс
stats-chart-no-responses = Успешных проверок нет
stats-chart-p50 = p50 (медиана)
stats-chart-p95 = p95
