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
    Частые ошибки за 7 дней:
    { $top }
