stats-choose = 📊 Statistics of which project?
stats-view =
    📊 <b>{ $name }</b>

    Status: { $status }
    Last heartbeat: { $last_beat }

    Uptime: 24 h — { $uptime_day }, 7 days — { $uptime_week }
    Heartbeats: 24 h — { $beats_day }, 7 days — { $beats_week }
    Errors in 24 h: { $errors_day }
    Errors in 7 days: { $errors_week }
stats-top =
    Most frequent errors in 7 days:
    { $top }
